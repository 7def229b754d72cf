package io.kiln.gitops.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the reconcile loop (PID io.kiln.gitops). Relative paths are under Karaf's data directory. */
@ObjectClassDefinition(id = "io.kiln.gitops", name = "Kiln declarative inventory (GitOps)")
public @interface SyncConfig {

    @AttributeDefinition(description = "Inventory directory to watch (sites/, roles/, profiles/, hosts/, clusters/, instances/); "
            + "empty = off. Ignored when gitUrl is set")
    String directory() default "";

    @AttributeDefinition(description = "How often the directory's files are compared with the last applied ones (content digest)")
    int pollSeconds() default 10;

    @AttributeDefinition(description = "Delete entities of the store that have no file")
    boolean prune() default false;

    @AttributeDefinition(description = "Git repository to pull the inventory from (file:// or https://); empty = off")
    String gitUrl() default "";

    @AttributeDefinition(description = "Branch to follow")
    String gitBranch() default "main";

    @AttributeDefinition(description = "How often the repository is fetched")
    int gitPollSeconds() default 60;

    @AttributeDefinition(description = "Where the repository is checked out (Kiln owns it: local changes are reset)")
    String gitCheckoutDir() default "kiln/gitops";

    @AttributeDefinition(description = "Inventory directory inside the repository; empty = its top level")
    String gitPath() default "";
}
