package io.kiln.boot.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${name}} in a kernel command line for the names Kiln knows and leaves every other {@code ${...}}
 * exactly as written, because the same syntax is iPXE's own ({@code ${net0/ip}}, {@code ${serial:uristring}}) and
 * iPXE expands what is left when it runs the script.
 *
 * <p>One pass: a value that itself contains {@code ${...}} is not expanded again by Kiln.
 */
final class CmdlineTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^{}\\s]+)}");

    private CmdlineTemplate() {
    }

    /** @param vars the known names; a name mapped to null counts as unknown and is left for iPXE */
    static String expand(String template, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder sb = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = vars.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
