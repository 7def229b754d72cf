package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.Locale;

/**
 * A disk image and the digest it must have.
 *
 * @param url    http(s) URL or artifact path
 * @param sha256 64 hex digits
 */
public record ImageRef(String url, String sha256) {
    public ImageRef {
        if (url == null || url.isBlank()) throw KilnException.invalid("image URL is missing");
        url = url.trim();
        if (sha256 == null || !sha256.trim().toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw KilnException.invalid("image " + url + " needs a sha256 of 64 hex digits");
        }
        sha256 = sha256.trim().toLowerCase(Locale.ROOT);
    }
}
