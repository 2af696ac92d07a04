package dev.hotreload.benchmarks.cost;

/**
 * What the sample JVM held after a number of reloads.
 *
 * @param reloads reloads after the baseline one (0 is the baseline)
 * @param snapshot what the JVM held
 */
record LeakCheckpoint(int reloads, JvmSnapshot snapshot) {
}
