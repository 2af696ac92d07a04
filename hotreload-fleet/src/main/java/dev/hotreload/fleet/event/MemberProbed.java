package dev.hotreload.fleet.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A coordinator asks one member to announce itself now: after a step's settle time, to see
 * that it still serves its new generation and is healthy.
 */
@SuppressWarnings("serial")
public class MemberProbed extends FleetEvent {

	private String probeId = "";

	@JsonCreator
	protected MemberProbed() {
	}

	public MemberProbed(Object source, String origin, String member, String probeId) {
		super(source, origin, member);
		this.probeId = probeId;
	}

	public String getProbeId() {
		return this.probeId;
	}

}
