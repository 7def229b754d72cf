package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Passwords through Karaf's JAAS backing engine, as the {@code jaas:user-add} command changes them: the engine of the
 * "karaf" realm's users file (PropertiesLoginModule), which keeps a user's roles when it sets a new password and
 * encrypts it when etc/org.apache.karaf.jaas.cfg says so.
 */
@Component(service = UserPasswords.class)
public final class JaasUserPasswords implements UserPasswords {
    private static final String REALM = "karaf";

    private final BackingEngineService engines;
    private final JaasApiAuth auth = new JaasApiAuth(REALM);
    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();

    /**
     * @param engines Karaf's backing engines, or null while they are not there (optional: Karaf's JAAS bundle
     *                registers the service without declaring it, so a mandatory reference would fail resolution)
     */
    @Activate
    public JaasUserPasswords(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) BackingEngineService engines) {
        this.engines = engines;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRealm(JaasRealm realm) {
        realms.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Override
    public boolean exists(String user) {
        return engine().lookupUser(user) != null;
    }

    @Override
    public Set<String> roles(String user) {
        BackingEngine e = engine();
        UserPrincipal u = e.lookupUser(user);
        return u == null ? Set.of() : e.listRoles(u).stream().map(RolePrincipal::getName).collect(Collectors.toSet());
    }

    @Override
    public boolean matches(String user, String password) {
        return auth.login(user, password.toCharArray()) != null;
    }

    @Override
    public void set(String user, String password) {
        engine().addUser(user, password);
    }

    /** The users file's engine of the highest-ranked "karaf" realm. */
    private BackingEngine engine() {
        if (engines == null) throw ApiProblem.unavailable("changing passwords", "Karaf's JAAS backing engines are not running; see the Kiln log");
        return realms.stream().filter(r -> REALM.equals(r.getName())).max(Comparator.comparingInt(JaasRealm::getRank))
                .flatMap(r -> Arrays.stream(r.getEntries()).filter(e -> e.getLoginModuleName().contains("Properties")).findFirst()
                        .map(this::engineOf))
                .orElseThrow(() -> ApiProblem.unavailable("changing passwords", "Karaf's JAAS realm '" + REALM
                        + "' with a users file is not there; see etc/org.apache.karaf.jaas.cfg"));
    }

    private BackingEngine engineOf(AppConfigurationEntry entry) {
        return engines.get(entry);
    }
}
