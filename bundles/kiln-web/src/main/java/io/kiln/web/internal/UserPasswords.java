package io.kiln.web.internal;

import java.util.Set;

/** Karaf users' passwords and roles as the REST API changes them (in etc/users.properties by default). */
interface UserPasswords {

    /** Whether the user exists in the realm. */
    boolean exists(String user);

    /** The user's roles (empty for an unknown user). */
    Set<String> roles(String user);

    /** Whether {@code password} is the user's current password. */
    boolean matches(String user, String password);

    /** Sets the user's password, keeping their roles and groups. */
    void set(String user, String password);
}
