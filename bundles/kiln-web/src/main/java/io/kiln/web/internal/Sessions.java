package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;
import io.kiln.config.ConfigFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's login sessions, in memory (a restart logs everyone out, which is the safe way round): logins checked
 * against Karaf's JAAS realm and throttled per client address (with the REST API's HTTP Basic logins: one limit), sessions ended after {@link SessionSettings#idle()}
 * unused or {@link SessionSettings#lifetime()} after the login. Settings come from etc/io.kiln.web.cfg and apply to
 * running sessions at once.
 */
@Component(service = Sessions.class, configurationPid = ApiAccessImpl.PID, immediate = true)
public class Sessions {
    /** The password Karaf ships for user karaf: a session logged in with it must change it before anything else. */
    static final String SHIPPED_PASSWORD = "karaf";
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    /** Checks a user's password: the roles, or null when it is wrong. */
    interface Login {
        Set<String> roles(String user, char[] password);
    }

    private final Login login;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LoginThrottle throttle = new LoginThrottle();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile SessionSettings settings;

    @Activate
    public Sessions(Map<String, Object> properties) {
        this(read(properties), new JaasApiAuth("karaf")::login, Clock.systemUTC());
    }

    Sessions(SessionSettings settings, Login login, Clock clock) {
        this.settings = settings;
        this.login = login;
        this.clock = clock;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        settings = read(properties);
    }

    private static SessionSettings read(Map<String, Object> properties) {
        ConfigFile cfg = ConfigFile.of(ApiAccessImpl.PID, properties);
        SessionSettings s = SessionSettings.read(cfg);
        // the other keys are ApiAccessImpl's, which warns about unknown ones
        for (String e : cfg.errors()) LOG.warn("{}", e);
        return s;
    }

    /**
     * @param address the client's address (failed logins are counted per address)
     * @return the new session
     * @throws ApiProblem 429 (with Retry-After) after too many failures from the address, 401 for a wrong name or password
     */
    Session login(String address, String user, char[] password) {
        Instant now = clock.instant();
        refuseWhileThrottled(address);
        Set<String> roles = login.roles(user, password);
        if (roles == null) {
            throttle.failed(address, now);
            LOG.info("console login of '{}' from {} failed", user, address);
            throw new ApiProblem(401, "wrong user name or password");
        }
        throttle.succeeded(address);
        Session s = new Session(token(), user, roles, token(), SHIPPED_PASSWORD.equals(new String(password)), now, now);
        if (!s.mayRead()) throw new ApiProblem(403, "user '" + user + "' has none of the roles admin, manager or viewer");
        sessions.put(s.id(), s);
        expire(now);
        return s;
    }

    /**
     * Refuses a login, by the console or by HTTP Basic, from an address that failed too often in the last minute:
     * both count toward the one limit, so guessing passwords through the REST API is no faster than through the
     * console. Checked before the password, so even the right one waits.
     *
     * @throws ApiProblem 429 with Retry-After (seconds)
     */
    void refuseWhileThrottled(String address) {
        Duration wait = throttle.wait(address, settings.failuresPerMinute(), clock.instant());
        if (wait.isZero()) return;
        long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
        throw new ApiProblem(429, "too many failed logins from " + address + ": try again in " + seconds + " s", Map.of("Retry-After",
                String.valueOf(seconds)));
    }

    /** An HTTP Basic call whose user name or password was wrong: one failure of the address (no session is involved). */
    void basicLoginFailed(String address, String user) {
        throttle.failed(address, clock.instant());
        LOG.info("HTTP Basic login of '{}' from {} failed", user, address);
    }

    /** The live session with this id, marked as used now; empty when there is none or it has expired. */
    Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Instant now = clock.instant();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        if (expired(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session used = s.usedAt(now);
        sessions.replace(id, s, used);
        return Optional.of(used);
    }

    /** When the session ends if it is not used again. */
    Instant expires(Session s) {
        SessionSettings c = settings;
        Instant idle = s.lastUsed().plus(c.idle());
        Instant max = s.created().plus(c.lifetime());
        return idle.isBefore(max) ? idle : max;
    }

    void logout(String id) {
        if (id != null) sessions.remove(id);
    }

    /** The user's password changed: their sessions need no change any more. */
    void passwordChanged(String user) {
        sessions.replaceAll((id, s) -> s.user().equals(user) ? s.passwordChanged() : s);
    }

    private boolean expired(Session s, Instant now) {
        return !expires(s).isAfter(now);
    }

    private void expire(Instant now) {
        sessions.values().removeIf(s -> expired(s, now));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
