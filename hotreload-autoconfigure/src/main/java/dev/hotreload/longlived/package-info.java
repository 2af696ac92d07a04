/**
 * Long-lived connections of a draining generation, whatever the server: WebSocket sessions
 * get a close frame with status 1001 (going away) and async requests (SSE, streaming
 * responses, long polls) are completed, at drain start or after a grace period
 * ({@link dev.hotreload.longlived.GoingAwayPolicy}), so that their clients reconnect to the
 * serving generation instead of being cut at the drain timeout. Each server's package finds
 * its own sessions and requests ({@code tomcat}, {@code jetty}, {@code netty}).
 */
package dev.hotreload.longlived;
