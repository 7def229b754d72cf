/**
 * Declarative inventory (GitOps): a directory of YAML files ({@code sites/}, {@code roles/}, {@code profiles/},
 * {@code hosts/}, {@code clusters/}, {@code instances/}, one entity per file named after it) is the declared state;
 * Kiln reconciles its store to it on demand, or by watching a directory or pulling a git repository.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.kiln.api.gitops;
