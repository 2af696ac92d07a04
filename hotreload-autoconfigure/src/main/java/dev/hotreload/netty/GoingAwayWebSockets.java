package dev.hotreload.netty;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * Puts the WebSocket service of each {@link WebSocketHandlerAdapter} of a generation
 * (WebFlux's own, or one the application declares) behind a
 * {@link GoingAwayWebSocketService}, so that the generation's sessions can go away with
 * 1001 when it drains. The adapter is replaced by one with the same order; a subclass of
 * it is left alone (its sessions stay until the drain timeout), with a note in the log.
 */
public final class GoingAwayWebSockets implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(GoingAwayWebSockets.class);

	private final ObjectProvider<ReactiveLongLivedConnections> connections;

	/**
	 * @param connections the generation's long-lived connections, looked up when a session
	 * opens
	 */
	public GoingAwayWebSockets(ObjectProvider<ReactiveLongLivedConnections> connections) {
		this.connections = connections;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof WebSocketHandlerAdapter adapter)
				|| adapter.getWebSocketService() instanceof GoingAwayWebSocketService) {
			return bean;
		}
		if (bean.getClass() != WebSocketHandlerAdapter.class) {
			logger.info("WebSocket sessions of '" + beanName + "' (" + bean.getClass().getName()
					+ ") are not closed with 1001 when its generation drains: hotreload follows those of"
					+ " WebSocketHandlerAdapter itself, not of a subclass");
			return bean;
		}
		WebSocketHandlerAdapter followed = new WebSocketHandlerAdapter(
				new GoingAwayWebSocketService(adapter.getWebSocketService(), this.connections::getObject));
		followed.setOrder(adapter.getOrder());
		return followed;
	}

}
