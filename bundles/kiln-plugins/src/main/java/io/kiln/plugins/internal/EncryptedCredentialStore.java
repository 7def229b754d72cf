package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.CredentialStore;
import io.kiln.api.hardware.StoredCredential;
import io.kiln.spi.vendor.Credentials;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * BMC logins in {@code data/kiln/credentials/}: one line per name, user and password sealed together with AES-256-GCM
 * under a key in its own file ({@code credentials.key}, created on first use; both files mode 0600, the directory
 * 0700), the name as associated data so that an entry cannot be moved to another name. Nothing here logs or returns
 * a password except {@link #resolve}, which only this bundle can call, for one call into a plugin.
 */
@Component(service = {CredentialStore.class, CredentialResolver.class})
public final class EncryptedCredentialStore implements CredentialStore, CredentialResolver {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int IV_BYTES = 12, TAG_BITS = 128;

    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public EncryptedCredentialStore() {
        this(Path.of(System.getProperty("karaf.data", "data"), "kiln", "credentials"));
    }

    EncryptedCredentialStore(Path dir) {
        this.dir = dir;
    }

    Path storeFile() {
        return dir.resolve("credentials.enc");
    }

    Path keyFile() {
        return dir.resolve("credentials.key");
    }

    @Override
    public synchronized void set(String name, String username, char[] password) {
        if (name == null || !name.matches(PluginSettings.NAME_RULE) || name.contains(":")) {
            throw KilnException.invalid("credential name '" + name + "' is not allowed: lower case letters, digits, . _ -");
        }
        if (username == null || username.isBlank() || username.contains("\n")) throw KilnException.invalid("a user name is required");
        if (password == null || password.length == 0) throw KilnException.invalid("a password is required (an empty one is refused)");
        Map<String, String> entries = read();
        byte[] plain = plain(username, password);
        try {
            entries.put(name, encrypt(key(true), name, plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        write(entries);
    }

    @Override
    public synchronized boolean remove(String name) {
        Map<String, String> entries = read();
        if (entries.remove(name) == null) return false;
        write(entries);
        return true;
    }

    @Override
    public synchronized List<StoredCredential> list() {
        List<StoredCredential> out = new ArrayList<>();
        Map<String, String> entries = read();
        if (entries.isEmpty()) return out;
        SecretKey key = key(false);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            byte[] plain = decrypt(key, e.getKey(), e.getValue());
            out.add(new StoredCredential(e.getKey(), new String(plain, 0, userLength(plain), StandardCharsets.UTF_8)));
            Arrays.fill(plain, (byte) 0);
        }
        return out;
    }

    @Override
    public synchronized Optional<Credentials> resolve(String name) {
        String entry = read().get(name);
        if (entry == null) return Optional.empty();
        byte[] plain = decrypt(key(false), name, entry);
        try {
            int u = userLength(plain);
            return Optional.of(new Credentials(new String(plain, 0, u, StandardCharsets.UTF_8),
                    new String(plain, u + 1, plain.length - u - 1, StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** user, a newline, password (a user never holds a newline). */
    private static byte[] plain(String username, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[user.length + 1 + pw.remaining()];
        System.arraycopy(user, 0, out, 0, user.length);
        out[user.length] = '\n';
        pw.get(out, user.length + 1, pw.remaining());
        if (pw.hasArray()) Arrays.fill(pw.array(), (byte) 0);
        return out;
    }

    private static int userLength(byte[] plain) {
        for (int i = 0; i < plain.length; i++) if (plain[i] == '\n') return i;
        throw new KilnException(KilnException.Kind.UNAVAILABLE, "a stored credential is damaged (no user/password separator)");
    }

    private String encrypt(SecretKey key, String name, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return Base64.getEncoder().encodeToString(iv) + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot encrypt the credential: " + e.getMessage(), e);
        }
    }

    private byte[] decrypt(SecretKey key, String name, String entry) {
        try {
            String[] parts = entry.split(":", 2);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[0])));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(Base64.getDecoder().decode(parts[1]));
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "credential '" + name + "' cannot be decrypted (" + keyFile()
                    + " replaced or the entry damaged); set it again with kiln:credential-set --username USER " + name, e);
        }
    }

    /** The key, created on first use when {@code create}; never readable by anyone but Kiln's user. */
    private SecretKey key(boolean create) {
        Path f = keyFile();
        try {
            if (!Files.exists(f)) {
                if (!create) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the credential key " + f + " is missing; set the credentials again");
                byte[] k = new byte[32];
                random.nextBytes(k);
                createOwnerOnly(f, Base64.getEncoder().encode(k));
                Arrays.fill(k, (byte) 0);
            }
            if (!Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) Files.setPosixFilePermissions(f, OWNER_ONLY);
            byte[] k = Base64.getDecoder().decode(Files.readAllBytes(f));
            return new SecretKeySpec(k, "AES");
        } catch (IOException | IllegalArgumentException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot read or create the credential key " + f + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> read() {
        Map<String, String> out = new TreeMap<>();
        Path f = storeFile();
        try {
            if (!Files.exists(f)) return out;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) out.put(line.substring(0, tab), line.substring(tab + 1));
            }
            return out;
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The whole file anew, then moved over the old one: a crash leaves the old or the new, never half. */
    private void write(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((n, e) -> sb.append(n).append('\t').append(e).append('\n'));
        Path tmp = dir.resolve("credentials.enc.tmp");
        try {
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp, sb.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, storeFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, storeFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot write " + storeFile() + ": " + e.getMessage(), e);
        }
    }

    private void createOwnerOnly(Path f, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(f, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.write(f, content);
    }
}
