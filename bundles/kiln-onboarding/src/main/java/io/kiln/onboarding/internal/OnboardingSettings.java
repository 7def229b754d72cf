package io.kiln.onboarding.internal;

import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import java.time.Duration;
import java.util.Map;

/**
 * etc/io.kiln.onboarding.cfg as read.
 *
 * @param tokenLifetime      how long an enrollment token in a boot script stays good
 * @param retryAfterSeconds  how often a waiting machine asks again
 * @param problems           refused values, for kiln:status
 */
record OnboardingSettings(Duration tokenLifetime, int retryAfterSeconds, Health problems) {
    static final String PID = "io.kiln.onboarding";

    static OnboardingSettings read(Map<String, ?> properties) {
        ConfigFile c = ConfigFile.of(PID, properties == null ? Map.of() : properties);
        int minutes = c.integer("enrollmentTokenMinutes", 60, 1, 7 * 24 * 60);
        int retry = c.integer("retryAfterSeconds", 10, 1, 3600);
        c.unknownKeys();
        return new OnboardingSettings(Duration.ofMinutes(minutes), retry, c.health());
    }
}
