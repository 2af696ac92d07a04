package dev.hotreload.fleet;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code fleet} section of {@code GET /actuator/reload}.
 *
 * @param busId this instance's bus id
 * @param members the members as this instance last heard them, itself included
 * @param rollout the last rollout this instance coordinated or heard of, {@code null}
 * before the first
 */
public record FleetStatus(String busId, List<FleetMember> members, @Nullable RolloutStatus rollout) {
}
