package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Renders the three iPXE scripts Kiln serves: "tell me who you are" (chain), "boot this profile", and
 * "nothing for you" (echo and exit to the next boot device). Pure functions of their input, so a script is
 * complete before a byte of it is sent.
 *
 * <p>Initrds are loaded by name only; kernels booted through the EFI stub by an old iPXE may need
 * {@code initrd=<name>} on their command line, which a profile can add itself.
 */
final class IpxeScripts {

    /** iPXE fills these in itself; {@code :uristring} keeps a serial like "To Be Filled By O.E.M." one URL token. */
    static final String IDENTITY_QUERY = "mac=${net0/mac}&uuid=${uuid}&serial=${serial:uristring}&arch=${buildarch}";

    private IpxeScripts() {
    }

    /** @param baseUrl scheme://host:port the client reached */
    static String chain(String baseUrl) {
        return "#!ipxe\nchain " + baseUrl + "/boot/ipxe?" + IDENTITY_QUERY + "\n";
    }

    /**
     * A script that prints why, waits and fetches this machine's script again: the machine stays in iPXE, booting
     * nothing (neither an installer nor its disk) until Kiln answers otherwise.
     */
    static String hold(String message, String baseUrl, int seconds) {
        return "#!ipxe\necho Kiln: " + printable(message) + "\necho Kiln: asking again in " + seconds + " s\nsleep " + seconds
                + "\nchain --replace " + baseUrl + "/boot/ipxe?" + IDENTITY_QUERY + "\n";
    }

    /** A script that prints why and leaves iPXE, so the firmware tries its next boot device. */
    static String exit(String message) {
        return "#!ipxe\necho Kiln: " + printable(message) + "\nexit\n";
    }

    /**
     * @param subject what the comment line says the script is for, e.g. "host 'edge-1'"
     * @param vars    the values Kiln knows for the command line (see {@link CmdlineTemplate})
     * @param baseUrl scheme://host:port; relative kernel and initrd paths are served under baseUrl/artifacts/
     */
    static String boot(BootProfile profile, String subject, Map<String, String> vars, String baseUrl, Instant now) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("#!ipxe\n");
        sb.append("# Kiln: ").append(printable(subject)).append(", profile '").append(profile.name())
                .append("', generated ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        String cmdline = printable(CmdlineTemplate.expand(profile.cmdline(), vars)).trim();
        sb.append("kernel ").append(location(profile.kernel(), baseUrl));
        if (!cmdline.isEmpty()) sb.append(' ').append(cmdline);
        sb.append('\n');
        for (String initrd : profile.initrds()) sb.append("initrd ").append(location(initrd, baseUrl)).append('\n');
        sb.append("boot\n");
        return sb.toString();
    }

    /** Absolute http(s) URLs are kept; artifact paths become baseUrl/artifacts/path. */
    static String location(String kernelOrInitrd, String baseUrl) {
        if (kernelOrInitrd.startsWith("http://") || kernelOrInitrd.startsWith("https://")) return kernelOrInitrd;
        return baseUrl + "/artifacts/" + kernelOrInitrd;
    }

    /**
     * Client-supplied text reduced to one harmless word: iPXE splits an expanded line into tokens and treats
     * "||", "&&", ";" and "#..." as operators, and "${" as a setting, so a serial must not carry any of them.
     */
    static String token(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-');
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** Control characters would end the line and start a new script command: replace them with spaces. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
