package dev.hotreload.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * A message listener without a broker: Spring Integration's file inbound adapter takes
 * each {@code *.msg} file put in a directory that outlives generations
 * ({@code sample.inbox.directory}), records which generation consumed it
 * ({@code sample.inbox.consumed-file}, readable at {@code GET /messages}) and deletes it.
 * Both default to the run's own directory ({@link SampleRun}): {@code inbox} and
 * {@code consumed.jsonl}.
 * hotreload runs the adapter in one generation at a time, so each message is consumed
 * once.
 */
@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

	private static final Log logger = LogFactory.getLog(InboxConfiguration.class);

	@Bean
	Inbox inbox(ObjectProvider<WorkerGeneration> generation,
			@Value("${sample.inbox.directory:#{null}}") @Nullable Path directory,
			@Value("${sample.inbox.consumed-file:#{null}}") @Nullable Path consumed) {
		Path inbox = (directory != null) ? directory : SampleRun.directory().resolve("inbox");
		Path log = (consumed != null) ? consumed : SampleRun.directory().resolve("consumed.jsonl");
		logger.info("Messages put in " + inbox + " are consumed; each is recorded in " + log);
		return new Inbox(JobsConfiguration.generationOf(generation), inbox, new RunLog(log));
	}

	@Bean
	IntegrationFlow inboxFlow(Inbox inbox) {
		return IntegrationFlow
			.from(org.springframework.integration.file.dsl.Files.inboundAdapter(inbox.directory().toFile())
				.patternFilter("*.msg")
				.autoCreateDirectory(true), (adapter) -> adapter.poller(Pollers.fixedDelay(50).maxMessagesPerPoll(10)))
			.handle(File.class, (file, headers) -> {
				inbox.consume(file.toPath());
				return null;
			})
			.get();
	}

	/**
	 * Where messages arrive and what consumed them.
	 */
	static class Inbox {

		private final WorkerGeneration generation;

		private final Path directory;

		private final RunLog consumed;

		Inbox(WorkerGeneration generation, Path directory, RunLog consumed) {
			this.generation = generation;
			this.directory = directory;
			this.consumed = consumed;
		}

		Path directory() {
			return this.directory;
		}

		RunLog consumed() {
			return this.consumed;
		}

		void consume(Path message) {
			Map<String, Object> record = new LinkedHashMap<>();
			record.put("message", message.getFileName().toString());
			record.put("generation", this.generation.generation());
			record.put("at", Instant.now().toString());
			this.consumed.append(record);
			try {
				Files.deleteIfExists(message);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not delete consumed message " + message, ex);
			}
		}

	}

	/**
	 * {@code GET /messages}: every consumed message, most recent first.
	 */
	@RestController
	static class MessagesController {

		private final RunLog consumed;

		MessagesController(Inbox inbox) {
			this.consumed = inbox.consumed();
		}

		@GetMapping("/messages")
		List<Map<String, Object>> messages() {
			List<Map<String, Object>> messages = new ArrayList<>(this.consumed.read());
			Collections.reverse(messages);
			return messages;
		}

	}

}
