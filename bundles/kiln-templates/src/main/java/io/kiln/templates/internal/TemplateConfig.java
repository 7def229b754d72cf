package io.kiln.templates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the template renderer (PID {@value #PID}): where the operator's templates are. */
@ObjectClassDefinition(id = TemplateConfig.PID, name = "Kiln templates",
        description = "Provisioning configs (cloud-init, autoinstall, kickstart, preseed, iPXE) rendered with FreeMarker")
public @interface TemplateConfig {

    String PID = "io.kiln.templates";

    @AttributeDefinition(description = "Directory of operator templates: a file here named like a built-in template "
            + "(e.g. cloud-init/user-data) replaces it. ${karaf.data} and other ${system.property} references are "
            + "expanded; karaf.data defaults to 'data'. A missing directory is fine (built-in templates only)")
    String templateDir() default "${karaf.data}/kiln/templates";
}
