package io.kiln.plugins.internal;

/** One call into a plugin's code; whatever it throws is caught and reported by {@link PluginCalls}. */
@FunctionalInterface
interface PluginCall<T> {
    T call() throws Exception;
}
