package io.kiln.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * curl run inside a network namespace against one base URL: the one way the integration tests make HTTP requests,
 * as a machine or an operator on that network would. Every call answers an {@link Http}.
 *
 * @param ns      the network namespace curl runs in
 * @param base    e.g. {@code http://10.213.3.1:8080}; paths are appended to it
 * @param options extra curl options for every call (credentials, {@code --cacert}, {@code --interface}, ...)
 */
record Curl(String ns, String base, List<String> options) {
    Curl {
        options = List.copyOf(options);
    }

    Curl(String ns, String base) {
        this(ns, base, List.of());
    }

    /** The same with more curl options, e.g. {@code with("-r", "0-99")}. */
    Curl with(String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return new Curl(ns, base, all);
    }

    /** Kiln's REST API ({@code /api/v1}) under this base, as the {@code karaf} user. */
    Curl api() {
        return new Curl(ns, base + "/api/v1", options).with("-u", "karaf:karaf");
    }

    Http get(String path) {
        return request("GET", path, null);
    }

    /**
     * @param body    JSON sent as is (newlines kept), or null for none
     * @param headers extra request headers, e.g. {@code "If-Match: \"1\""}
     */
    Http request(String method, String path, String body, String... headers) {
        return call(method, path, body, null, headers);
    }

    /** A GET whose body goes to {@code file} byte for byte; the answer's body is empty. */
    Http download(String path, Path file) {
        return call("GET", path, null, file);
    }

    private Http call(String method, String path, String body, Path out, String... headers) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--max-time", "20", "-X", method, "-D", "-", "-w", "\n%{http_code}"));
        cmd.addAll(options);
        for (String h : headers) cmd.addAll(List.of("-H", h));
        if (out != null) cmd.addAll(List.of("-o", out.toString()));
        Path file = null;
        try {
            if (body != null) {
                file = Files.createTempFile("kiln-it-body", ".json");
                Files.writeString(file, body);
                cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + file));
            }
            cmd.add(base + path);
            Exec.Result r = Exec.run(30, null, NetworkLab.inNs(ns, cmd.toArray(String[]::new)));
            return parse(r.out().replace("\r\n", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) file.toFile().delete();
        }
    }

    /** Headers (-D -), body, then the status line curl's -w adds; status 0 with curl's output when nothing answered. */
    private static Http parse(String out) {
        int nl = out.lastIndexOf('\n');
        int status;
        try {
            status = Integer.parseInt(out.substring(nl + 1).trim());
        } catch (NumberFormatException e) {
            return new Http(0, "", out);
        }
        String rest = nl < 0 ? "" : out.substring(0, nl);
        while (rest.startsWith("HTTP/1.1 100") && rest.contains("\n\n")) rest = rest.substring(rest.indexOf("\n\n") + 2);
        int split = rest.indexOf("\n\n");
        return new Http(status, split < 0 ? rest : rest.substring(0, split), split < 0 ? "" : rest.substring(split + 2));
    }
}
