package io.kiln.templates.internal;

import freemarker.template.TemplateMethodModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import io.kiln.api.net.Ipv4Network;
import java.util.List;
import java.util.Map;

/**
 * The functions every template may call to put a variable into a file safely; their names are reserved (a variable
 * of the same name is refused). Each refuses a value that would break out of its place with a template error.
 *
 * <ul>
 *   <li>{@code yaml(v)}: v as a YAML flow value (JSON syntax): a string double-quoted and escaped, a number, a
 *       boolean, a list {@code ["a", "b"]} or a map; so "yes", "08" or "a: b" stay strings.</li>
 *   <li>{@code sh(s)}: s as one single-quoted POSIX shell word (also a valid kickstart argument); no control
 *       characters, so it may stand in a line-oriented file.</li>
 *   <li>{@code line(s)}: s unchanged, but refused if it has a control character (a line break would start a new
 *       preseed question, kickstart command or iPXE command).</li>
 *   <li>{@code netmask(cidr)}: the dotted netmask of an IPv4 CIDR, "10.0.0.5/24" -> "255.255.255.0".</li>
 * </ul>
 *
 * <p>Strictness: {@code sh}, {@code line} and {@code netmask} are string functions, so FreeMarker itself evaluates
 * their argument to text first and a missing variable fails as everywhere else, naming the variable. {@code yaml}
 * takes any value, and FreeMarker hands a method a missing value as null: it throws {@link UndefinedArgument}, and
 * the renderer names the argument from the template source.
 */
@SuppressWarnings("deprecation") // TemplateMethodModel: FreeMarker coerces its arguments to strings, strictly
final class TemplateFunctions {

    static final Map<String, TemplateMethodModel> ALL = Map.of(
            "yaml", (TemplateMethodModelEx) args -> yaml(value(args, "yaml")),
            "sh", (TemplateMethodModel) args -> sh(text(args, "sh")),
            "line", (TemplateMethodModel) args -> line(text(args, "line")),
            "netmask", (TemplateMethodModel) args -> netmask(text(args, "netmask")));

    /** A function got a missing (null) value: the renderer turns this into "variable 'x' is not defined". */
    static final class UndefinedArgument extends TemplateModelException {
        private static final long serialVersionUID = 1L;
        final String function;

        UndefinedArgument(String function) {
            super(function + "(): its argument is not defined");
            this.function = function;
        }
    }

    private TemplateFunctions() {
    }

    static String yaml(Object v) throws TemplateModelException {
        StringBuilder sb = new StringBuilder();
        appendYaml(sb, v, 0);
        return sb.toString();
    }

    static String sh(String s) throws TemplateModelException {
        return "'" + noControl("sh", s).replace("'", "'\\''") + "'";
    }

    static String line(String s) throws TemplateModelException {
        return noControl("line", s);
    }

    static String netmask(String cidr) throws TemplateModelException {
        Ipv4Network n = Ipv4Network.tryParseNormalised(cidr).orElse(null);
        if (n == null) throw new TemplateModelException("netmask(): '" + cidr + "' is not an IPv4 CIDR like 10.0.0.5/24");
        return n.netmask().toString();
    }

    private static void appendYaml(StringBuilder sb, Object v, int depth) throws TemplateModelException {
        if (depth > 32) throw new TemplateModelException("yaml(): value nested deeper than 32 levels");
        if (v == null) {
            throw new TemplateModelException("yaml(): a value is null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new TemplateModelException("yaml(): " + v + " is not a finite number");
            sb.append(new java.math.BigDecimal(n.toString()).toPlainString());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                appendYaml(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) sb.append(", ");
                first = false;
                appendYaml(sb, o, depth + 1);
            }
            sb.append(']');
        } else if (v instanceof Object[] array) {
            appendYaml(sb, List.of(array), depth);
        } else {
            quote(sb, v.toString());
        }
    }

    /** A YAML double-quoted scalar with JSON's escapes; C0/C1 controls, DEL, U+2028/9 and BOM as \\uXXXX. */
    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static String noControl(String fn, String s) throws TemplateModelException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                throw new TemplateModelException(fn + "(): value '" + printable(s) + "' contains a control character "
                        + "(line break or tab), which this file cannot carry");
            }
        }
        return s;
    }

    private static String printable(String s) {
        String p = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return p.length() > 60 ? p.substring(0, 60) + "..." : p;
    }

    private static Object value(List<?> args, String fn) throws TemplateModelException {
        if (args.size() != 1) throw new TemplateModelException(fn + "() takes one argument, got " + args.size());
        if (args.get(0) == null) throw new UndefinedArgument(fn);
        return DeepUnwrap.unwrap((TemplateModel) args.get(0));
    }

    /** FreeMarker already evaluated the argument to a string (a missing one failed before the call). */
    private static String text(List<?> args, String fn) throws TemplateModelException {
        if (args.size() != 1) throw new TemplateModelException(fn + "() takes one argument, got " + args.size());
        return (String) args.get(0);
    }
}
