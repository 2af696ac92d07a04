package dev.hotreload.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code docs/configuration.md} lists exactly the properties of the configuration
 * metadata, as {@link ConfigurationReference} renders them. On drift the build writes the
 * page anew and fails, so that the new page is reviewed and committed; a page that is up
 * to date is not touched, and a fresh clone builds with a clean working tree.
 */
class ConfigurationReferenceTests {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

	private final Path page = Path.of(System.getProperty("hotreload.docs.directory", "../docs"), "configuration.md");

	@Test
	void pageListsEveryPropertyOfTheMetadataAndNoOther() throws Exception {
		ConfigurationReference reference = ConfigurationReference.ofThisModule();
		String committed = Files.readString(this.page, StandardCharsets.UTF_8);
		String rendered = reference.render(committed);
		if (rendered.equals(committed)) {
			assertThat(documented(committed)).containsExactlyInAnyOrderElementsOf(reference.propertyNames());
			return;
		}
		Files.writeString(this.page, rendered, StandardCharsets.UTF_8);
		Set<String> missing = new LinkedHashSet<>(reference.propertyNames());
		documented(committed).forEach(missing::remove);
		Set<String> extra = new LinkedHashSet<>(documented(committed));
		reference.propertyNames().forEach(extra::remove);
		fail(this.page.toAbsolutePath().normalize() + " did not match the configuration metadata"
				+ (missing.isEmpty() ? "" : "; in the metadata, not on the page: " + missing)
				+ (extra.isEmpty() ? "" : "; on the page, not in the metadata: " + extra)
				+ (missing.isEmpty() && extra.isEmpty() ? " (a type, default or description changed)" : "")
				+ ". The page has been written anew from the metadata: review it and commit it");
	}

	@Test
	void everyPropertyOfThisModuleHasARow() throws Exception {
		String page = ConfigurationReference.ofThisModule()
			.render(ConfigurationReference.START + "\n" + ConfigurationReference.END + "\n");
		assertThat(documented(page)).isNotEmpty()
			.containsExactlyInAnyOrderElementsOf(ConfigurationReference.ofThisModule().propertyNames())
			.contains("hotreload.drain.mode", "management.endpoint.reload.access");
		assertThat(page).contains("| `hotreload.drain.mode` | `migrate`, `close` | `migrate` |");
	}

	private static List<String> documented(String page) {
		List<String> names = new ArrayList<>();
		int start = page.indexOf(ConfigurationReference.START);
		int end = page.indexOf(ConfigurationReference.END);
		Matcher row = ROW.matcher((start >= 0 && end > start) ? page.substring(start, end) : "");
		while (row.find()) {
			names.add(row.group(1));
		}
		return names;
	}

}
