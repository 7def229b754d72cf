package io.kiln.web.internal.http;

import io.kiln.api.status.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides, one look at a time, whether the HTTP server serves and, when it does not, why and what to do: pax-web
 * tries to bind its port once, when it starts or its configuration changes, and gives up for good when another
 * process holds it. This watch finds out which endpoint cannot be bound (probing, with backoff, only after pax-web
 * has had its chance, so a probe never races pax-web's own bind) and asks for pax-web's server to be restarted
 * once the endpoint is free. It never acts while the server serves.
 *
 * <p>Not thread-safe: one thread looks. Pure apart from the {@link PortProbe}, so tests drive it with instants.
 */
public final class HttpBindWatch {
    /** How long pax-web may take to serve after it (re)starts before the watch probes its ports itself. */
    static final Duration GRACE = Duration.ofSeconds(15);
    /** How often to look while the server serves: a registry look-up, no probe. */
    static final Duration WHILE_UP = Duration.ofSeconds(5);
    /** How often to look while pax-web is starting. */
    static final Duration WHILE_STARTING = Duration.ofSeconds(1);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1), LONGEST_RETRY = Duration.ofSeconds(30);

    /**
     * What to do after one look.
     *
     * @param health        what {@code kiln:status} shows for subsystem {@code http}
     * @param restartServer restart pax-web's server now (its endpoints were found free)
     * @param warn          a line to log as a warning, or null (each problem is logged once, not at every try)
     * @param info          a line to log as information, or null
     * @param next          when to look again
     */
    public record Step(Health health, boolean restartServer, String warn, String info, Duration next) {
    }

    private final PortProbe probe;
    private Backoff backoff = Backoff.of(FIRST_RETRY, LONGEST_RETRY);
    /** Since when pax-web has had the chance to serve without doing so; null while it serves. */
    private Instant waitingSince;
    /** An endpoint was found that could not be bound since pax-web's server was last (re)started. */
    private boolean blocked;
    /** This episode's one restart without such a sign (the port may have been freed before the first probe) is used. */
    private boolean restartedUnblocked;
    /** The problem last logged, so that each is logged once; null when none. */
    private String warned;
    /** Something was logged about the server not serving, so its serving again is logged too. */
    private boolean told;

    public HttpBindWatch(PortProbe probe) {
        this.probe = probe;
    }

    /**
     * One look.
     *
     * @param now             the time
     * @param serving         pax-web serves (its HTTP service runtime is registered)
     * @param serverInstalled pax-web has a server to start (its Jetty bundle runs)
     * @param endpoints       what the configuration asks pax-web to listen on
     */
    public Step look(Instant now, boolean serving, boolean serverInstalled, List<HttpEndpoint> endpoints) {
        if (serving) {
            String info = told ? "HTTP server is serving on " + list(endpoints) + " again: http is up" : null;
            waitingSince = null;
            blocked = restartedUnblocked = told = false;
            warned = null;
            backoff = backoff.reset();
            return new Step(Health.up(), false, null, info, WHILE_UP);
        }
        if (waitingSince == null) waitingSince = now;
        if (!serverInstalled) {
            waitingSince = now; // its server starts with its bundle: give it the grace from then
            return problem("pax-web has no HTTP server running (bundle:list | grep -i pax-web shows which bundle is not active)",
                    "", WHILE_UP);
        }
        if (now.isBefore(waitingSince.plus(GRACE))) {
            return new Step(Health.down("the HTTP server is starting on " + list(endpoints)), false, null, null, WHILE_STARTING);
        }
        if (endpoints.isEmpty()) {
            return problem("pax-web is configured to listen nowhere", " (set " + HttpEndpoint.HTTP_ENABLED + " = true in "
                    + HttpEndpoint.FILE + ")", LONGEST_RETRY);
        }
        for (HttpEndpoint e : endpoints) {
            BindOutcome outcome = probe.probe(e);
            if (outcome.free()) continue;
            blocked = true;
            Duration wait = backoff.current();
            backoff = backoff.next();
            String problem = outcome.problem(e);
            Health health = Health.down(problem + " (retrying every " + wait.toSeconds() + " s; " + outcome.advice(e) + ")");
            String warn = problem.equals(warned) ? null : "HTTP server cannot serve: " + problem + ". Kiln checks again with backoff"
                    + " (every " + FIRST_RETRY.toSeconds() + " s, doubling up to " + LONGEST_RETRY.toSeconds()
                    + " s) and serves HTTP as soon as it can, without a restart; or " + outcome.advice(e)
                    + ". DHCP, TFTP and the shell keep working meanwhile.";
            warned = problem;
            told |= warn != null;
            return new Step(health, false, warn, null, wait);
        }
        if (blocked || !restartedUnblocked) {
            restartedUnblocked |= !blocked;
            blocked = false;
            waitingSince = now;
            backoff = backoff.reset();
            told = true;
            return new Step(Health.down(list(endpoints) + " can be bound now: restarting the HTTP server"), true, null,
                    "HTTP server is not serving and " + list(endpoints) + " can be bound now: restarting pax-web's HTTP server"
                            + " (pax-web then logs 'Problem stopping server controller' for its failed one: harmless)", WHILE_STARTING);
        }
        Duration wait = backoff.current();
        backoff = backoff.next();
        return problem("pax-web is not serving although " + list(endpoints) + " can be bound",
                " (karaf.log says why: log:display | grep -i 'pax web')", wait);
    }

    /** A problem the watch cannot fix by retrying: down with the reason, logged once. */
    private Step problem(String problem, String advice, Duration next) {
        String warn = problem.equals(warned) ? null : "HTTP server cannot serve: " + problem + advice;
        warned = problem;
        told |= warn != null;
        return new Step(Health.down(problem + advice), false, warn, null, next);
    }

    private static String list(List<HttpEndpoint> endpoints) {
        return endpoints.size() == 1 ? endpoints.get(0).toString() : endpoints.toString();
    }
}
