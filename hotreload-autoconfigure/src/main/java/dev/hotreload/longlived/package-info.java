/**
 * Long-lived connections of a draining generation: WebSocket sessions get a close frame
 * with status 1001 (going away) and async requests (SSE, streaming responses, long polls)
 * are completed, at drain start or after a grace period, so that their clients reconnect
 * to the serving generation instead of being cut at the drain timeout.
 */
package dev.hotreload.longlived;
