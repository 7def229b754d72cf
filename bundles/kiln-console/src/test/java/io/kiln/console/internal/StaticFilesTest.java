package io.kiln.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private final StaticFiles files = new StaticFiles(StaticFilesTest.class.getClassLoader(), "console");

    @Test
    void indexIsTheDefaultAndHtml() {
        StaticFiles.File f = files.find("/").orElseThrow();
        assertEquals("text/html; charset=utf-8", f.contentType());
        assertTrue(new String(f.bytes()).contains("<script type=\"module\""));
        assertEquals(f.etag(), files.find("/index.html").orElseThrow().etag());
    }

    @Test
    void modulesAreJavaScript() {
        assertEquals("text/javascript; charset=utf-8", files.find("/js/app.js").orElseThrow().contentType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../console/index.html", "/js/../index.html", "/.hidden.js", "/nothing.js", "/index.html.bak", "//index.html"})
    void refusesWhatIsNotAPlainFile(String path) {
        assertFalse(files.find(path).isPresent(), path);
    }

    @Test
    void noInlineScriptInTheHtml() {
        String html = new String(files.find("/index.html").orElseThrow().bytes());
        // CSP forbids inline scripts: every <script> must load a file
        assertFalse(html.matches("(?s).*<script(?![^>]*src=)[^>]*>.*"), html);
    }
}
