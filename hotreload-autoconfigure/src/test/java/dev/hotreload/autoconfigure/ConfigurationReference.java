package dev.hotreload.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Writes the property tables of {@code docs/configuration.md} from the configuration
 * metadata that {@code spring-boot-configuration-processor} makes of a module's
 * properties: the page's prose stays as written, the part between the module's
 * {@code <section>:start} and {@code <section>:end} markers is replaced. This module's
 * section is {@code properties} ({@link HotReloadProperties} and the endpoint), and
 * {@link ConfigurationReferenceTests} runs it in the build; other modules (the fleet) use
 * it from this module's test jar for a section of their own.
 */
public final class ConfigurationReference {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

	/** Section titles and the page that explains each group; a group not named here gets its name. */
	private static final Map<String, String[]> GROUPS = new LinkedHashMap<>();

	static {
		GROUPS.put("hotreload", new String[] { "Reloading", "getting-started.md" });
		GROUPS.put("hotreload.drain", new String[] { "Draining an old generation", "drain-and-long-lived-connections.md" });
		GROUPS.put("hotreload.warm-up", new String[] { "Warming up a new worker (process mode)", "process-mode.md" });
		GROUPS.put("hotreload.signal", new String[] { "SIGHUP", "getting-started.md#what-starts-a-reload" });
		GROUPS.put("hotreload.watch", new String[] { "Watched files", "getting-started.md#what-starts-a-reload" });
		GROUPS.put("hotreload.dev", new String[] { "Development mode", "development-mode.md" });
		GROUPS.put("hotreload.rollback", new String[] { "Health gate and rollback", "health-and-rollback.md" });
		GROUPS.put("hotreload.singletons", new String[] { "Singleton work", "singletons.md" });
		GROUPS.put("hotreload.response-header", new String[] { "The generation in a response header", "observability.md" });
		GROUPS.put("management.endpoint.reload", new String[] { "The reload endpoint", "security.md" });
		GROUPS.put("hotreload.fleet", new String[] { "Fleet rollouts (hotreload-fleet)", "fleet.md" });
	}

	private final String start;

	private final String end;

	private final List<Map<String, Object>> properties;

	private final List<String> groups;

	private final List<String> declaredGroups;

	@SuppressWarnings("unchecked")
	private ConfigurationReference(Map<String, Object> metadata, String section) {
		this.start = "<!-- " + section + ":start -->";
		this.end = "<!-- " + section + ":end -->";
		this.properties = ((List<Map<String, Object>>) metadata.get("properties")).stream()
			.sorted(Comparator.comparing((property) -> (String) property.get("name")))
			.toList();
		this.declaredGroups = ((List<Map<String, Object>>) metadata.get("groups")).stream()
			.map((group) -> (String) group.get("name"))
			.toList();
		// Every property lands in one section: its group's, or one named after its prefix.
		this.groups = this.properties.stream()
			.map((property) -> groupOf((String) property.get("name")))
			.distinct()
			.sorted(Comparator.comparingInt((String group) -> order(group)).thenComparing(Comparator.naturalOrder()))
			.toList();
	}

	/**
	 * The metadata of this module, as the processor wrote it into its classes.
	 * @return the reference
	 * @throws IOException if the metadata cannot be read
	 */
	@SuppressWarnings("unchecked")
	static ConfigurationReference ofThisModule() throws IOException {
		return of(HotReloadProperties.class, "properties");
	}

	/**
	 * The metadata of a module, as the processor wrote it into its classes.
	 * @param moduleClass a class of the module's main code
	 * @param section the name of its section's markers on the page
	 * @return the reference
	 * @throws IOException if the metadata cannot be read
	 */
	@SuppressWarnings("unchecked")
	public static ConfigurationReference of(Class<?> moduleClass, String section) throws IOException {
		Path metadata = Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().getPath(), "META-INF",
				"spring-configuration-metadata.json");
		try (InputStream in = Files.newInputStream(metadata)) {
			return new ConfigurationReference(JsonMapper.builder().build().readValue(in, Map.class), section);
		}
	}

	/**
	 * Checks that the page's section lists exactly the properties of the metadata, as
	 * rendered here. On drift it writes the page anew and fails, so that the new page is
	 * reviewed and committed; a page that is up to date is not touched.
	 * @param page the page
	 * @throws IOException if the page cannot be read or written
	 */
	public void check(Path page) throws IOException {
		String committed = Files.readString(page, StandardCharsets.UTF_8);
		String rendered = render(committed);
		if (rendered.equals(committed)) {
			assertThat(documented(committed)).containsExactlyInAnyOrderElementsOf(propertyNames());
			return;
		}
		Files.writeString(page, rendered, StandardCharsets.UTF_8);
		Set<String> missing = new LinkedHashSet<>(propertyNames());
		documented(committed).forEach(missing::remove);
		Set<String> extra = new LinkedHashSet<>(documented(committed));
		propertyNames().forEach(extra::remove);
		fail(page.toAbsolutePath().normalize() + " did not match the configuration metadata"
				+ (missing.isEmpty() ? "" : "; in the metadata, not on the page: " + missing)
				+ (extra.isEmpty() ? "" : "; on the page, not in the metadata: " + extra)
				+ (missing.isEmpty() && extra.isEmpty() ? " (a type, default or description changed)" : "")
				+ ". The page has been written anew from the metadata: review it and commit it");
	}

	/**
	 * The properties the page's section lists.
	 * @param page the page
	 * @return their names
	 */
	public List<String> documented(String page) {
		List<String> names = new ArrayList<>();
		int from = page.indexOf(this.start);
		int to = page.indexOf(this.end);
		Matcher row = ROW.matcher((from >= 0 && to > from) ? page.substring(from, to) : "");
		while (row.find()) {
			names.add(row.group(1));
		}
		return names;
	}

	/**
	 * The section alone, rendered.
	 * @return its markers with the tables between them
	 */
	public String renderAlone() {
		return render(this.start + "\n" + this.end + "\n");
	}

	public List<String> propertyNames() {
		return this.properties.stream().map((property) -> (String) property.get("name")).toList();
	}

	/**
	 * The page with its generated part made anew.
	 * @param page the page as it is
	 * @return the page as it should be
	 */
	String render(String page) {
		int from = page.indexOf(this.start);
		int to = page.indexOf(this.end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("The page has no " + this.start + " ... " + this.end + " section");
		}
		return page.substring(0, from + this.start.length()) + "\n" + tables() + page.substring(to);
	}

	private String tables() {
		StringBuilder out = new StringBuilder();
		for (String group : this.groups) {
			List<Map<String, Object>> members = this.properties.stream()
				.filter((property) -> group.equals(groupOf((String) property.get("name"))))
				.toList();
			String[] known = GROUPS.get(group);
			out.append("\n### ").append((known != null) ? known[0] : group).append("\n\n");
			if (known != null) {
				out.append("`").append(group).append(".*`, explained in [").append(known[1].replaceAll("#.*", ""))
					.append("](").append(known[1]).append(").\n\n");
			}
			out.append("| property | type | default | what it does |\n|---|---|---|---|\n");
			for (Map<String, Object> property : members) {
				out.append("| `").append(property.get("name")).append("` | ").append(type(property)).append(" | ")
					.append(defaultValue(property)).append(" | ").append(description(property)).append(" |\n");
			}
		}
		return out.append("\n").toString();
	}

	private String groupOf(String name) {
		return this.declaredGroups.stream()
			.filter((group) -> name.startsWith(group + "."))
			.max(Comparator.comparingInt(String::length))
			.orElse(name.substring(0, Math.max(0, name.lastIndexOf('.'))));
	}

	private static int order(String group) {
		List<String> known = new ArrayList<>(GROUPS.keySet());
		int index = known.indexOf(group);
		return (index >= 0) ? index : known.size();
	}

	private static String type(Map<String, Object> property) {
		String type = (String) property.get("type");
		try {
			Class<?> resolved = Class.forName(type, false, ConfigurationReference.class.getClassLoader());
			if (resolved.isEnum()) {
				return Arrays.stream(resolved.getEnumConstants())
					.map((constant) -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
					.collect(Collectors.joining(", "));
			}
		}
		catch (ClassNotFoundException ex) {
			// A generic type such as java.util.List<java.nio.file.Path>: shown by name.
		}
		return type.replaceAll("[a-z][a-z0-9]*\\.", "").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String defaultValue(Map<String, Object> property) {
		Object value = property.get("defaultValue");
		if (value == null) {
			return "none";
		}
		String text = (value instanceof List<?> list) ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
				: String.valueOf(value);
		return "`" + text + "`";
	}

	private static String description(Map<String, Object> property) {
		String text = String.valueOf(property.getOrDefault("description", "")).replaceAll("\\s+", " ").trim();
		text = text.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`").replaceAll("\\{@link(?:plain)? ([^}]*)}", "$1");
		text = text.replace("|", "\\|");
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * Rewrites a page from the metadata of this module.
	 * @param args the page, {@code docs/configuration.md} unless given
	 * @throws IOException if the page cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		Path page = Path.of((args.length > 0) ? args[0] : "../docs/configuration.md");
		String current = Files.readString(page, StandardCharsets.UTF_8);
		Files.writeString(page, ofThisModule().render(current), StandardCharsets.UTF_8);
	}

}
