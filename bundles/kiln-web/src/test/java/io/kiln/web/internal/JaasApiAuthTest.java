package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.rest.ApiProblem;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.spi.LoginModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A wrong password is a failed login; a realm that cannot answer yet is not (the failed-login limit counts only the first). */
class JaasApiAuthTest {
    private Configuration before;

    /** Refuses every password, as Karaf's PropertiesLoginModule refuses a wrong one. */
    public static final class Refusing implements LoginModule {
        @Override
        public void initialize(javax.security.auth.Subject s, javax.security.auth.callback.CallbackHandler h, Map<String, ?> a, Map<String, ?> b) {
        }

        @Override
        public boolean login() throws FailedLoginException {
            throw new FailedLoginException("Password for karaf does not match");
        }

        @Override
        public boolean commit() {
            return false;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    @BeforeEach
    void realms() {
        before = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (!name.equals("strict")) return null; // as Karaf before its realm is registered
                return new AppConfigurationEntry[] {new AppConfigurationEntry(Refusing.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
            }
        });
    }

    @AfterEach
    void restore() {
        Configuration.setConfiguration(before);
    }

    @Test
    void aWrongPasswordIsAFailedLogin() {
        assertNull(new JaasApiAuth("strict").login("karaf", "wrong".toCharArray()));
    }

    @Test
    void aRealmThatIsNotThereYetIsUnavailableNotAFailure() {
        ApiProblem p = assertThrows(ApiProblem.class, () -> new JaasApiAuth("karaf").login("karaf", "karaf".toCharArray()));
        assertEquals(503, p.status());
        assertTrue(p.getMessage().contains("login realm 'karaf' is not available"), p.getMessage());
    }
}
