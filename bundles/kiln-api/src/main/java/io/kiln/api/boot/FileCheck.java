package io.kiln.api.boot;

/**
 * Whether one per-host provisioning file renders as the machine would get it.
 *
 * @param path     the URL path the machine asks for, e.g. {@code /autoinstall/ai1/user-data}
 * @param template the template that renders it, or null when none could be chosen
 * @param problem  why it would fail (a 500 for the machine), or null when it renders
 */
public record FileCheck(String path, String template, String problem) {
    public FileCheck {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path is required");
    }

    public boolean ok() {
        return problem == null;
    }
}
