package io.kiln.agent;

/** Waiting between retries, replaceable so tests do not wait for real. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = millis -> Thread.sleep(Math.max(0, millis));

    void sleep(long millis) throws InterruptedException;
}
