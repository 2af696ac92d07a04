package dev.hotreload.fleet.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.jspecify.annotations.Nullable;

/**
 * A member says who it is and how it is: when it joins, at every switch, at every
 * heartbeat, in answer to a {@link MemberProbed}, and when it leaves.
 */
@SuppressWarnings("serial")
public class MemberAnnounced extends FleetEvent {

	private String reason = "";

	private String service = "";

	private int generation;

	private String mode = "";

	private String health = "";

	private String version = "";

	private @Nullable String lastOutcome;

	private @Nullable String probeId;

	@JsonCreator
	protected MemberAnnounced() {
	}

	public MemberAnnounced(Object source, String origin, String reason, String service, int generation, String mode,
			String health, String version, @Nullable String lastOutcome, @Nullable String probeId) {
		super(source, origin, EVERYONE);
		this.reason = reason;
		this.service = service;
		this.generation = generation;
		this.mode = mode;
		this.health = health;
		this.version = version;
		this.lastOutcome = lastOutcome;
		this.probeId = probeId;
	}

	/**
	 * Why it announces: {@code JOINED}, {@code SWITCHED}, {@code HEARTBEAT}, {@code PROBED}
	 * or {@code LEFT}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	public String getService() {
		return this.service;
	}

	public int getGeneration() {
		return this.generation;
	}

	public String getMode() {
		return this.mode;
	}

	/**
	 * Its health: {@code UP}, or what is wrong.
	 * @return the health
	 */
	public String getHealth() {
		return this.health;
	}

	public String getVersion() {
		return this.version;
	}

	public @Nullable String getLastOutcome() {
		return this.lastOutcome;
	}

	public @Nullable String getProbeId() {
		return this.probeId;
	}

}
