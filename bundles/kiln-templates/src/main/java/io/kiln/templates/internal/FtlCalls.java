package io.kiln.templates.internal;

import java.util.ArrayList;
import java.util.List;

/** Finds the argument text of calls {@code name(...)} in a piece of FTL source, skipping string literals. */
final class FtlCalls {
    private FtlCalls() {
    }

    /** The trimmed argument text of every call of {@code name} in {@code source}, in order. */
    static List<String> arguments(String source, String name) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(source, i);
            } else if (source.startsWith(name + "(", i) && (i == 0 || !isIdentifierPart(source.charAt(i - 1)))) {
                int start = i + name.length() + 1;
                int end = closingParen(source, start);
                if (end < 0) break;
                out.add(source.substring(start, end).trim());
                i = start;   // nested calls of the same name are found too
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '?' || c == '$' || c == '@';
    }

    private static int skipString(String s, int open) {
        char q = s.charAt(open);
        boolean raw = open > 0 && s.charAt(open - 1) == 'r';
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && !raw) i++;
            else if (c == q) return i + 1;
        }
        return s.length();
    }

    private static int closingParen(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) return c == ')' ? i : -1;
                depth--;
            }
            i++;
        }
        return -1;
    }
}
