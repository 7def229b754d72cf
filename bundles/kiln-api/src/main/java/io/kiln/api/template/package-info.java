/** Provisioning configs (cloud-init, autoinstall, kickstart, preseed, iPXE) rendered from a host's variables. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.template;
