package dev.hotreload.fleet;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.cloud.bus.BusBridge;

/**
 * What one generation lends the fleet: its connection to the bus, its health and its
 * rollback window. The fleet outlives generations; it sends through the newest live one.
 *
 * @param generation the generation's number
 * @param bus its bus
 * @param health {@code UP}, or what is wrong with it
 * @param rollbackWindow its rollback window, zero if none
 */
public record BusGateway(int generation, BusBridge bus, Supplier<String> health, Duration rollbackWindow) {
}
