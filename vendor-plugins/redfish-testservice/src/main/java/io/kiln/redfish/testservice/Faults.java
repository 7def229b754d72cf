package io.kiln.redfish.testservice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The faults a test asks of the service: one-shot failures of matching requests and BMC quirks that stay on.
 *
 * <p>A one-shot fault matches a request whose method equals {@code method} ({@code "*"} or null: any) and whose path
 * (without query or trailing slash, e.g. {@code /redfish/v1/Systems/437XR1138R2}) fully matches {@code pathRegex};
 * it applies to the first such request only, before authentication. Faults queue in the order asked.
 */
public final class Faults {

    enum Kind { FAIL, DELAY, RESET }

    record Rule(Kind kind, String method, Pattern path, int status, Duration duration, String message) {
        boolean matches(String m, String p) {
            return (method == null || method.equals("*") || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    final Set<String> refusedResetTypes = ConcurrentHashMap.newKeySet();
    volatile boolean requireSettingsObject;
    volatile boolean weakEtags;
    volatile boolean disableSessions;
    volatile boolean legacyVirtualMedia;

    Faults() {
    }

    /**
     * Answers the next matching request with {@code status} and a Redfish error body instead of serving it.
     *
     * @param method              the HTTP method, or "*" for any
     * @param pathRegex           a regular expression the whole path must match
     * @param status              the status to answer, e.g. 503
     * @param retryAfterOrNull    when not null, a Retry-After header with these seconds (rounded up)
     * @param extendedInfoMessageOrNull the Message of the @Message.ExtendedInfo entry, or null for a standard one
     * @return this
     */
    public Faults failNext(String method, String pathRegex, int status, Duration retryAfterOrNull,
                           String extendedInfoMessageOrNull) {
        return add(new Rule(Kind.FAIL, method, Pattern.compile(pathRegex), status, retryAfterOrNull,
                extendedInfoMessageOrNull));
    }

    /**
     * Serves the next matching request normally, but only after {@code delay} (to make clients time out).
     *
     * @param method    the HTTP method, or "*" for any
     * @param pathRegex a regular expression the whole path must match
     * @param delay     how long to wait before serving it
     * @return this
     */
    public Faults delayNext(String method, String pathRegex, Duration delay) {
        return add(new Rule(Kind.DELAY, method, Pattern.compile(pathRegex), 0, delay, null));
    }

    /**
     * Closes the connection of the next matching request without any answer (the request is not served).
     *
     * @param method    the HTTP method, or "*" for any
     * @param pathRegex a regular expression the whole path must match
     * @return this
     */
    public Faults resetConnectionNext(String method, String pathRegex) {
        return add(new Rule(Kind.RESET, method, Pattern.compile(pathRegex), 0, null, null));
    }

    /**
     * Removes these ResetType values from the system's ResetType@Redfish.AllowableValues; asking for one anyway is
     * answered 400 with ActionParameterValueNotInList.
     *
     * @param types e.g. "GracefulShutdown"
     * @return this
     */
    public Faults refuseResetTypes(String... types) {
        refusedResetTypes.addAll(List.of(types));
        return this;
    }

    /**
     * As Dell and HPE BMCs do: the system advertises @Redfish.Settings with a SettingsObject; a PATCH of Boot must go
     * there (a direct PATCH of the system's Boot is answered 400) and is applied at the next Reset.
     *
     * @param on whether to require it
     * @return this
     */
    public Faults requireSettingsObject(boolean on) {
        requireSettingsObject = on;
        return this;
    }

    /**
     * ETags are weak ({@code W/"..."}) and an If-Match with the weak form is answered 412, as some BMCs do; the strong
     * form of the same tag is accepted.
     *
     * @param on whether to serve weak ETags
     * @return this
     */
    public Faults weakEtags(boolean on) {
        weakEtags = on;
        return this;
    }

    /**
     * POST to SessionService/Sessions is answered 405: clients must fall back to Basic authentication.
     *
     * @param on whether sessions are disabled
     * @return this
     */
    public Faults disableSessions(boolean on) {
        disableSessions = on;
        return this;
    }

    /**
     * Virtual media without the InsertMedia/EjectMedia actions (not advertised, POST answered 400): clients PATCH
     * Image and Inserted instead (the resource's Allow header lists PATCH).
     *
     * @param on whether to behave as a legacy BMC
     * @return this
     */
    public Faults legacyVirtualMedia(boolean on) {
        legacyVirtualMedia = on;
        return this;
    }

    /** Forgets every one-shot fault not yet used and turns every quirk off. */
    public synchronized void clear() {
        rules.clear();
        refusedResetTypes.clear();
        requireSettingsObject = false;
        weakEtags = false;
        disableSessions = false;
        legacyVirtualMedia = false;
    }

    private synchronized Faults add(Rule rule) {
        rules.add(rule);
        return this;
    }

    synchronized Rule take(String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.matches(method, path)) {
                it.remove();
                return r;
            }
        }
        return null;
    }
}
