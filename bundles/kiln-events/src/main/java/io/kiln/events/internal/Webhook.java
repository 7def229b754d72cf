package io.kiln.events.internal;

import java.net.URI;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured receiver: where events go, which types, and the secret their bodies are signed with. The secret is
 * never printed ({@link #toString()} leaves it out).
 */
final class Webhook {
    /** The header that carries the signature: {@code sha256=} and the lower-case hex HMAC-SHA256 of the body. */
    static final String SIGNATURE_HEADER = "X-Kiln-Signature";

    private final String name;
    private final URI url;
    private final byte[] secret;
    private final List<String> types;
    private final List<Pattern> patterns;

    /**
     * @param types event types, {@code *} matching any characters ({@code *}, {@code dhcp-*}, {@code *-failed})
     */
    Webhook(String name, URI url, byte[] secret, List<String> types) {
        this.name = name;
        this.url = url;
        this.secret = secret.clone();
        this.types = List.copyOf(types);
        this.patterns = types.stream().map(t -> Pattern.compile(Pattern.quote(t).replace("*", "\\E.*\\Q"))).toList();
    }

    String name() {
        return name;
    }

    URI url() {
        return url;
    }

    List<String> types() {
        return types;
    }

    /** Whether events of this type go to this webhook. */
    boolean wants(String type) {
        for (Pattern p : patterns) if (p.matcher(type).matches()) return true;
        return false;
    }

    /** The value of {@value #SIGNATURE_HEADER} for a body: {@code sha256=<hex HMAC-SHA256(secret, body)>}. */
    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e); // every Java 17 has it
        }
    }

    /** Same receiver, types and secret: a changed configuration that leaves it as it was keeps its deliveries going. */
    boolean sameAs(Webhook o) {
        return o != null && name.equals(o.name) && url.equals(o.url) && types.equals(o.types) && Arrays.equals(secret, o.secret);
    }

    @Override
    public String toString() {
        return "webhook '" + name + "' " + url + " " + types;
    }
}
