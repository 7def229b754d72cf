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
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Passwords through Karaf's JAAS backing engine, as the {@code jaas:user-add} command changes them: the engine of the
 * "karaf" realm's users file (PropertiesLoginModule), found as Karaf's jaas commands find it: the
 * {@link BackingEngineFactory} service whose module class is the realm entry's, which keeps a user's roles when it sets a new password and
 * encrypts it when etc/org.apache.karaf.jaas.cfg says so.
 */
@Component(service = UserPasswords.class)
public final class JaasUserPasswords implements UserPasswords {
    private static final String REALM = "karaf";
    /** ProxyLoginModule.PROPERTY_MODULE of Karaf's jaas.boot. */
    static final String PROXIED_MODULE = "org.apache.karaf.jaas.module";

    private final JaasApiAuth auth = new JaasApiAuth(REALM);
    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();
    private final List<BackingEngineFactory> factories = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRealm(JaasRealm realm) {
        realms.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFactory(BackingEngineFactory factory) {
        factories.add(factory);
    }

    void removeFactory(BackingEngineFactory factory) {
        factories.remove(factory);
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
        return realms.stream().filter(r -> REALM.equals(r.getName())).max(Comparator.comparingInt(JaasRealm::getRank))
                .flatMap(r -> Arrays.stream(r.getEntries()).filter(e -> moduleOf(e).contains("Properties")).findFirst())
                .flatMap(this::engineOf)
                .orElseThrow(() -> ApiProblem.unavailable("changing passwords", "Karaf's JAAS realm '" + REALM
                        + "' with a users file, or its backing engine, is not there; see etc/org.apache.karaf.jaas.cfg and the Kiln log"));
    }

    /**
     * The login module of a realm entry: Karaf's realms name its ProxyLoginModule, with the real module in the option
     * {@value #PROXIED_MODULE} (what the jaas commands look at too).
     */
    private static String moduleOf(AppConfigurationEntry entry) {
        Object proxied = entry.getOptions().get(PROXIED_MODULE);
        return proxied != null ? proxied.toString() : entry.getLoginModuleName();
    }

    private java.util.Optional<BackingEngine> engineOf(AppConfigurationEntry entry) {
        return factories.stream().filter(f -> f.getModuleClass().equals(moduleOf(entry))).findFirst()
                .map(f -> f.build(entry.getOptions()));
    }
}
