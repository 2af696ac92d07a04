package dev.hotreload.benchmarks.cost;

/**
 * What a sample JVM holds right after a full garbage collection.
 *
 * @param liveContexts live application contexts: one per generation still referenced
 * @param javaThreads threads in a thread dump (application, JVM and compiler threads)
 * @param osThreads threads of the process as the kernel counts them
 * @param heapUsedBytes heap in use after the collection
 * @param metaspaceUsedBytes metaspace in use: grows if classes leak with the generations
 * @param rssBytes resident memory of the process
 */
record JvmSnapshot(long liveContexts, int javaThreads, int osThreads, long heapUsedBytes, long metaspaceUsedBytes,
		long rssBytes) {

	static double megabytes(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

}
