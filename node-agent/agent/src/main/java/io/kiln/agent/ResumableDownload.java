package io.kiln.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes at a URL as one stream that survives dropped connections: after a failure it asks again with
 * {@code Range: bytes=N-} (N = bytes already delivered) after a backoff, up to {@value #MAX_ATTEMPTS} attempts in a
 * row without progress. A server that ignores the range (200) is skipped forward to N.
 */
final class ResumableDownload extends InputStream {
    static final int MAX_ATTEMPTS = 10;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** The download cannot go on: the message says why, for the operator. */
    static final class Failed extends IOException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KilnHttp http;
    private final String url;
    private final long backoffMillis;
    private final Sleeper sleeper;
    private final ProgressReporter progress;
    private InputStream body;
    private long received;
    private long total = -1;
    private int failuresInARow;
    private int connections;

    /** @param backoffMillis first wait before resuming; doubles per failure, at most 30 s */
    ResumableDownload(KilnHttp http, String url, long backoffMillis, Sleeper sleeper, ProgressReporter progress) {
        this.http = http;
        this.url = url;
        this.backoffMillis = backoffMillis;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    long received() {
        return received;
    }

    /** Content length of the whole resource, -1 until known. */
    long total() {
        return total;
    }

    int connections() {
        return connections;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                if (body == null) open();
                int n = body.read(b, off, len);
                if (n < 0) {
                    if (total >= 0 && received < total) throw new IOException("the connection closed after " + received + " of " + total + " bytes");
                    return -1;
                }
                received += n;
                if (n > 0) failuresInARow = 0;
                return n;
            } catch (Failed e) {
                throw e;
            } catch (IOException e) {
                closeBody();
                failuresInARow++;
                if (failuresInARow >= MAX_ATTEMPTS) {
                    throw new Failed("download of " + url + " failed " + MAX_ATTEMPTS + " times in a row at byte " + received
                            + "; last error: " + KilnHttp.describe(e), e);
                }
                long wait = Math.min(30_000, backoffMillis << Math.min(failuresInARow - 1, 20));
                progress.log("download interrupted at byte " + received + " (" + KilnHttp.describe(e) + "); resuming in "
                        + wait + " ms (attempt " + (failuresInARow + 1) + " of " + MAX_ATTEMPTS + ")");
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new Failed("download of " + url + " interrupted", ie);
                }
            }
        }
    }

    private void open() throws IOException {
        HttpResponse<InputStream> r;
        try {
            r = http.stream(url, received);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("download of " + url + " interrupted", e);
        }
        connections++;
        int status = r.statusCode();
        if (status == 206) {
            String cr = r.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(cr);
            if (!m.matches() || Long.parseLong(m.group(1)) != received) {
                r.body().close();
                throw new IOException("the server resumed at '" + cr + "' instead of byte " + received);
            }
            if (!m.group(3).equals("*")) total = Long.parseLong(m.group(3));
            body = r.body();
        } else if (status == 200) {
            total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            body = r.body();
            // the server ignored the range: skip what was already delivered
            long toSkip = received;
            byte[] skip = new byte[65536];
            while (toSkip > 0) {
                int n = body.read(skip, 0, (int) Math.min(skip.length, toSkip));
                if (n < 0) throw new IOException("the server's answer ended before byte " + received);
                toSkip -= n;
            }
        } else {
            String text;
            try (InputStream in = r.body()) {
                text = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            }
            String why = "HTTP " + status + " for " + url + ": " + new KilnReply(status, text).problem();
            if (status >= 500) throw new IOException(why); // the server may recover: retried
            throw new Failed("download refused: " + why, null);
        }
    }

    private void closeBody() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is gone anyway
            }
            body = null;
        }
    }

    @Override
    public void close() {
        closeBody();
    }
}
