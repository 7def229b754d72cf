package io.kiln.plugin.redfish.internal;

/**
 * What to send as {@code If-Match} after a PATCH was answered 412 (Precondition Failed), as sushy does for BMCs whose
 * ETags are not what they check: a weak ETag is sent again as strong, a strong one not at all, and after that the
 * 412 stands.
 */
public final class Etags {
    /** Try the PATCH again with {@code ifMatch} (null: without the header), or do not ({@code again} false). */
    public record Next(boolean again, String ifMatch) {
    }

    private Etags() {
    }

    /**
     * @param sent the If-Match just refused, or null when the PATCH had none
     */
    public static Next after412(String sent) {
        if (sent == null) return new Next(false, null);
        if (isWeak(sent)) return new Next(true, strong(sent));
        return new Next(true, null);
    }

    public static boolean isWeak(String etag) {
        return etag != null && etag.trim().startsWith("W/");
    }

    /** {@code W/"abc"} as {@code "abc"}; a strong one as it is; a bare value quoted. */
    public static String strong(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) e = e.substring(2).trim();
        return e.startsWith("\"") ? e : "\"" + e + "\"";
    }
}
