package dev.hotreload.rollback;

import dev.hotreload.context.Generation;

/**
 * What a rollback window does to the application's generations; the application does it
 * under its switch lock.
 */
public interface GenerationSwitch {

	/**
	 * Keeps the generation switched away from in standby: it receives no new connections
	 * but stays open.
	 * @param previous the generation switched away from
	 */
	void standBy(Generation previous);

	/**
	 * Whether a generation switched away from can stand by: not in a worker process, whose
	 * reloads the supervisor records.
	 * @return {@code true} if rollback windows may open
	 */
	boolean canStandBy();

	/**
	 * Retires a generation: it drains as an old generation does after a switch, then
	 * closes.
	 * @param retired the generation
	 */
	void retire(Generation retired);

	/**
	 * Switches traffic back from the serving generation to the one in standby, which
	 * becomes active again; the one switched from then drains.
	 * @param from the generation expected to serve now
	 * @param to the generation in standby
	 * @return {@code false} if nothing was switched: the application shuts down, or
	 * {@code from} no longer serves
	 */
	boolean switchBack(Generation from, Generation to);

	/**
	 * Runs a task on a thread of its own, detached from every generation.
	 * @param name the thread's name
	 * @param generation the generation its log lines name
	 * @param task the task
	 */
	void run(String name, int generation, Runnable task);

}
