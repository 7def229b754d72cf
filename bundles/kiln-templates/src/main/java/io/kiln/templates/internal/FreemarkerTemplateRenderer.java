package io.kiln.templates.internal;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.StopException;
import freemarker.core.TemplateClassResolver;
import freemarker.ext.beans.BeansWrapper;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import freemarker.template.Version;
import io.kiln.api.KilnException;
import io.kiln.config.ConfigFile;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.template.RenderedFile;
import io.kiln.api.template.TemplateRenderer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders provisioning configs with Apache FreeMarker in a strict, safe configuration: a missing variable is an
 * error (never an empty string), templates cannot reach Java ({@code ?api} off, {@code ?new} resolves nothing,
 * variables expose no methods), and a file is rendered completely into memory before it is returned.
 *
 * <p>Templates are looked up first in the operator's directory ({@code templateDir}), then among the built-in ones
 * in this bundle (through the bundle's own class loader, never the thread's context class loader).
 */
// immediate: the file is read (and its problems logged) once per change, not whenever a user comes and goes
@Component(service = {TemplateRenderer.class, HealthReport.class}, immediate = true, configurationPid = TemplateConfig.PID)
@Designate(ocd = TemplateConfig.class)
public class FreemarkerTemplateRenderer implements TemplateRenderer, HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(FreemarkerTemplateRenderer.class);

    /** incompatible_improvements = the FreeMarker version the feature ships (freemarker.version in the root pom). */
    static final Version FREEMARKER_COMPAT = Configuration.VERSION_2_3_35;

    private final OverrideDirLoader overrides;
    private final Configuration freemarker;

    /** What etc/io.kiln.templates.cfg says of itself in kiln:status: a missing templateDir, unknown keys. */
    private final Health health;

    /**
     * A templateDir that does not exist is fine when left at its default (built-in templates only); one the
     * operator named is a WARN line and a degraded templates subsystem (likely a typo: the overrides are not used).
     */
    @Activate
    public FreemarkerTemplateRenderer(Map<String, Object> properties) {
        this(ConfigFile.of(TemplateConfig.PID, properties));
    }

    private FreemarkerTemplateRenderer(ConfigFile cfg) {
        this(cfg.directory("templateDir", "${karaf.data}/kiln/templates"), cfg.unknownKeys().health());
        for (String p : cfg.problems()) LOG.warn("{} (built-in templates only)", p);
    }

    FreemarkerTemplateRenderer(Path templateDir) {
        this(templateDir, Health.up());
    }

    private FreemarkerTemplateRenderer(Path templateDir, Health health) {
        this.health = health;
        this.overrides = new OverrideDirLoader(templateDir);
        this.freemarker = configuration(new MultiTemplateLoader(new TemplateLoader[] {
                overrides, new ClassTemplateLoader(FreemarkerTemplateRenderer.class.getClassLoader(), "templates")}));
        LOG.info("Kiln templates: built-in, overridden by files in {}{}", overrides.dir(),
                Files.isDirectory(overrides.dir()) ? "" : " (does not exist: built-in templates only)");
    }

    @Override
    public String subsystem() {
        return "templates";
    }

    @Override
    public Health health() {
        return health;
    }

    /** The strict, safe FreeMarker configuration shared by all renders (thread-safe once built). */
    static Configuration configuration(TemplateLoader loader) {
        Configuration cfg = new Configuration(FREEMARKER_COMPAT);
        cfg.setTemplateLoader(loader);
        cfg.setLocalizedLookup(false);
        cfg.setTemplateUpdateDelayMilliseconds(2000);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        // numbers and booleans print as a computer reads them: 8080 (not "8,080"), true/false
        cfg.setNumberFormat("c");
        cfg.setBooleanFormat("c");
        // strict: errors reach the caller, nothing is logged or printed into the output
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        // safe: no way from a template to Java classes or methods
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        DefaultObjectWrapperBuilder wb = new DefaultObjectWrapperBuilder(FREEMARKER_COMPAT);
        wb.setExposureLevel(BeansWrapper.EXPOSE_NOTHING);
        wb.setUseAdaptersForContainers(true);
        wb.setForceLegacyNonListCollections(false);
        DefaultObjectWrapper wrapper = wb.build();
        cfg.setObjectWrapper(wrapper);
        for (var f : TemplateFunctions.ALL.entrySet()) cfg.setSharedVariable(f.getKey(), f.getValue());
        return cfg;
    }

    @Override
    public RenderedFile render(String template, Map<String, Object> variables) {
        if (!TemplateNames.valid(template)) throw KilnException.notFound("no template '" + template + "'");
        Map<String, Object> model = variables == null ? Map.of() : variables;
        for (String reserved : TemplateFunctions.ALL.keySet()) {
            if (model.containsKey(reserved)) {
                throw KilnException.invalid("variable '" + reserved + "' is reserved (a template function); rename it");
            }
        }
        Template t;
        try {
            t = freemarker.getTemplate(template);
        } catch (TemplateNotFoundException e) {
            throw KilnException.notFound("no template '" + template + "' (templates: " + String.join(", ", templates()) + ")");
        } catch (ParseException e) {
            throw KilnException.invalid(syntaxError(template, e));
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "template " + template + " cannot be read: " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter(4096);
        try {
            // a copy, so a template's #global cannot leak into the caller's map
            t.process(new HashMap<>(model), out);
        } catch (TemplateException e) {
            throw KilnException.invalid(renderError(template, e));
        } catch (IOException e) {
            // an #include'd template that cannot be read or parsed
            throw KilnException.invalid(e instanceof ParseException pe ? syntaxError(template, pe)
                    : "template " + template + ": " + e.getMessage());
        }
        return new RenderedFile(template, TemplateNames.contentType(template), out.toString());
    }

    @Override
    public List<String> templates() {
        return TemplateNames.list(overrides.dir());
    }

    /** "template X line N column C: syntax error: ..." from FreeMarker's parser message (first sentence block). */
    static String syntaxError(String template, ParseException e) {
        String where = e.getTemplateName() != null ? e.getTemplateName() : template;
        return "template " + where + " line " + e.getLineNumber() + " column " + e.getColumnNumber()
                + ": syntax error: " + oneLine(e.getEditorMessage());
    }

    /** "template X line N: variable 'a.b' is not defined", or the first part of FreeMarker's message for other errors. */
    String renderError(String template, TemplateException e) {
        String where = e.getTemplateSourceName() != null ? e.getTemplateSourceName() : template;
        String line = e.getLineNumber() != null ? " line " + e.getLineNumber() : "";
        String prefix = "template " + where + line + ": ";
        if (e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null) {
            return prefix + "variable '" + e.getBlamedExpressionString() + "' is not defined";
        }
        if (e instanceof TemplateFunctions.UndefinedArgument u) {
            String arg = argumentSource(where, e, u.function);
            return prefix + (arg != null ? "variable '" + arg + "' is not defined" : u.getMessage());
        }
        if (e instanceof StopException) return prefix + oneLine(e.getMessageWithoutStackTop());
        Throwable cause = e.getCause();
        if (cause instanceof freemarker.template.TemplateModelException tme && tme.getCause() == null
                && tme.getMessageWithoutStackTop() != null && !tme.getMessageWithoutStackTop().isBlank()) {
            return prefix + oneLine(tme.getMessageWithoutStackTop());
        }
        return prefix + oneLine(e.getMessageWithoutStackTop());
    }

    /**
     * The argument of the one call {@code function(...)} in the failed instruction (FreeMarker reports where the
     * instruction is, e.g. {@code ${yaml(site.ntp)}}), or null when it cannot be told.
     */
    private String argumentSource(String templateName, TemplateException e, String function) {
        if (e.getLineNumber() == null || e.getColumnNumber() == null || e.getEndLineNumber() == null || e.getEndColumnNumber() == null) return null;
        String source;
        try {
            source = freemarker.getTemplate(templateName).getSource(e.getColumnNumber(), e.getLineNumber(),
                    e.getEndColumnNumber(), e.getEndLineNumber());
        } catch (IOException | RuntimeException notAvailable) {
            return null;
        }
        List<String> args = FtlCalls.arguments(source, function);
        return args.size() == 1 ? args.get(0) : null;
    }

    /** FreeMarker's messages carry tips after a "----" line and span lines: keep the message, on one line. */
    static String oneLine(String message) {
        if (message == null) return "";
        String m = message;
        for (String cut : new String[] {"\n----", "The blamed expression:"}) {
            int at = m.indexOf(cut);
            if (at >= 0) m = m.substring(0, at);
        }
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Expands ${name} from system properties (karaf.data defaults to "data"); unknown names stay as written. */
    static String expand(String value) {
        return ConfigFile.expand(value.trim());
    }
}
