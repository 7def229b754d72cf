package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DeclarativeInventory;
import io.kiln.api.gitops.DiffEntry;
import io.kiln.api.gitops.InventoryDiff;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Versioned;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The declarative inventory over {@link Inventory}: reads the whole directory, checks what a YAML file can be blamed
 * for (syntax, fields, names, references, MAC/UUID/IPv4 clashes) with its path and line, then hands every change to
 * {@link Inventory#apply} at once, which checks the resulting state whole and writes it in one transaction. When the
 * files have problems, {@link Inventory#check} adds the inventory's to the same list, so one attempt shows them all.
 */
@Component(service = DeclarativeInventory.class)
public class DeclarativeInventoryImpl implements DeclarativeInventory {
    /** At most this many problems are listed in one message. */
    static final int MAX_PROBLEMS = 100;

    private final Inventory inventory;
    private final YamlCodec yaml = new YamlCodec();

    @Activate
    public DeclarativeInventoryImpl(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    // ------------------------------------------------------------------ apply

    @Override
    public synchronized ApplyResult apply(Path dir, boolean prune) {
        Plan p = plan(dir, prune, false);
        failIfAny(dir, p.problems(), KilnException.Kind.INVALID, ", nothing applied");
        if (!p.changes().isEmpty()) {
            try {
                inventory.apply(p.changes());
            } catch (KilnException e) {
                failIfAny(dir, blame(Arrays.asList(e.getMessage().split("; ")), p.declared()), e.kind(), ", nothing applied");
                throw e;
            }
        }
        // the inventory created these in the same transaction, for hosts the files create (ZTP)
        List<String> implied = new ArrayList<>();
        for (String id : p.created()) {
            if (!id.startsWith(EntityKind.HOST.plural() + "/")) continue;
            String host = id.substring(id.indexOf('/') + 1);
            if (p.declared().get(EntityKind.INSTANCE, host) == null && inventory.get(Instance.class, host).isPresent()) {
                implied.add(EntityKind.INSTANCE.plural() + "/" + host);
            }
        }
        return new ApplyResult(p.created(), p.updated(), p.deleted(), p.unchanged(), implied);
    }

    /**
     * What applying a directory would do, and every problem that refuses it.
     *
     * @param changes  for {@link Inventory#apply}; {@code created} to {@code unchanged} are their ids ({@code hosts/edge-01})
     * @param problems {@code path:line: reason} where a file is to blame
     */
    private record Plan(InventoryReader.Declared declared, Map<EntityKind, Map<String, Versioned<?>>> stored,
                        Map<EntityKind, Map<String, Object>> desired, List<InventoryChange> changes, List<String> created,
                        List<String> updated, List<String> deleted, List<String> unchanged, List<String> problems) {
    }

    /**
     * Reads and checks a directory in one round: the files' own problems (syntax, fields, names, references, MAC/UUID/
     * IPv4 clashes) and, when there are any (or for a dry run, where no apply follows), also the inventory's rules over
     * the changes from the files that did parse ({@link Inventory#check}), less those that only repeat a problem listed
     * already (about an entity whose file is broken or that is missing, or an identity already reported taken).
     */
    private Plan plan(Path dir, boolean prune, boolean dryRun) {
        InventoryReader.Declared d = InventoryReader.read(dir, yaml);
        Map<EntityKind, Map<String, Versioned<?>>> stored = snapshot();
        Map<EntityKind, Map<String, Object>> desired = desired(d, stored);
        Set<String> reported = new HashSet<>(d.unreadable()); // what the problems are about: kind/name ids, "MAC ..." keys
        List<String> problems = new ArrayList<>(d.errors());
        problems.addAll(references(d, stored, prune, reported));
        problems.addAll(identities(d, desired, stored, prune, reported));

        List<InventoryChange> changes = new ArrayList<>();
        List<String> created = new ArrayList<>(), updated = new ArrayList<>(), deleted = new ArrayList<>(), unchanged = new ArrayList<>();
        for (EntityKind kind : EntityKind.values()) {
            Map<String, Versioned<?>> s = stored.get(kind);
            for (Map.Entry<String, Object> e : desired.get(kind).entrySet()) {
                Versioned<?> current = s.get(e.getKey());
                String id = kind.plural() + "/" + e.getKey();
                if (current != null && current.value().equals(e.getValue())) {
                    unchanged.add(id);
                    continue;
                }
                (current == null ? created : updated).add(id);
                changes.add(InventoryChange.put(e.getValue(), Inventory.ANY_VERSION));
            }
            if (prune) {
                for (String name : s.keySet()) {
                    String id = kind.plural() + "/" + name;
                    // a broken file still declares its entity (only ever so in a plan that is refused)
                    if (desired.get(kind).containsKey(name) || d.unreadable().contains(id) || ztpOwner(kind, s.get(name).value(), d) != null) continue;
                    deleted.add(id);
                    changes.add(InventoryChange.delete(kind, name, Inventory.ANY_VERSION));
                }
            }
        }
        if ((dryRun || !problems.isEmpty()) && !changes.isEmpty()) {
            problems.addAll(blame(inventory.check(changes).stream().filter(m -> !repeats(m, reported)).toList(), d));
        }
        return new Plan(d, stored, desired, changes, created, updated, deleted, unchanged, problems);
    }

    /** The declared entities, with the status fields (Kiln's, not the files') taken from the store. */
    private static Map<EntityKind, Map<String, Object>> desired(InventoryReader.Declared d, Map<EntityKind, Map<String, Versioned<?>>> stored) {
        Map<EntityKind, Map<String, Object>> out = new EnumMap<>(EntityKind.class);
        for (EntityKind kind : EntityKind.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (InventoryReader.Entry e : d.entries().get(kind).values()) {
                Versioned<?> s = stored.get(kind).get(e.name());
                m.put(e.name(), withStatus(e.entity(), s == null ? null : s.value()));
            }
            out.put(kind, m);
        }
        return out;
    }

    /** The declared spec with the stored status, so comparisons see spec only (files never carry status). */
    static Object withStatus(Object declared, Object stored) {
        if (declared instanceof Host h) return h.withStatus(stored == null ? null : ((Host) stored).status());
        if (declared instanceof Instance i) return i.withStatus(stored == null ? null : ((Instance) stored).status());
        return declared;
    }

    /**
     * A stored instance without a file that is exactly what ZTP creates for its host (same profile, desired RUNNING)
     * belongs to the host's file: it is not drift, not pruned while its host stays, and not exported (applying the
     * export creates it again). With {@code declared} given, only while the files still declare its host.
     */
    private boolean impliedByItsHost(EntityKind kind, Object stored, InventoryReader.Declared declared) {
        Instance z = ztpOwner(kind, stored, declared);
        if (z == null) return false;
        Instance i = (Instance) stored;
        return z.profile().equals(i.profile()) && z.desired() == i.desired();
    }

    /**
     * What ZTP would create for the host of a stored instance that has no file, when the host is ZTP (and, with
     * {@code declared}, its file still exists); else null. Such an instance is never pruned: it is the host's, even
     * when the host's OS profile has changed since (then diff shows it).
     */
    private Instance ztpOwner(EntityKind kind, Object stored, InventoryReader.Declared declared) {
        if (kind != EntityKind.INSTANCE) return null;
        Instance i = (Instance) stored;
        if (declared != null && (declared.get(EntityKind.INSTANCE, i.host()) != null || declared.get(EntityKind.HOST, i.host()) == null)) return null;
        return inventory.ztpInstance(i.host()).orElse(null);
    }

    private Map<EntityKind, Map<String, Versioned<?>>> snapshot() {
        Map<EntityKind, Map<String, Versioned<?>>> out = new EnumMap<>(EntityKind.class);
        for (EntityKind kind : EntityKind.values()) {
            Map<String, Versioned<?>> m = new HashMap<>();
            for (Versioned<?> v : inventory.list(kind.type())) m.put(kind.nameOf(v.value()), v);
            out.put(kind, m);
        }
        return out;
    }

    /** Every reference a file makes must name an entity of the resulting inventory; the missing ones go to {@code reported}. */
    private static List<String> references(InventoryReader.Declared d, Map<EntityKind, Map<String, Versioned<?>>> stored, boolean prune,
                                           Set<String> reported) {
        List<String> errors = new ArrayList<>();
        for (EntityKind kind : EntityKind.values()) {
            for (InventoryReader.Entry e : d.entries().get(kind).values()) {
                Object x = e.entity();
                if (x instanceof Host h) {
                    ref(errors, reported, d, stored, prune, e, "profile", EntityKind.PROFILE, h.profile());
                    ref(errors, reported, d, stored, prune, e, "site", EntityKind.SITE, h.site());
                    ref(errors, reported, d, stored, prune, e, "role", EntityKind.ROLE, h.role());
                } else if (x instanceof Role r) {
                    ref(errors, reported, d, stored, prune, e, "profile", EntityKind.PROFILE, r.profile());
                } else if (x instanceof Cluster c) {
                    ref(errors, reported, d, stored, prune, e, "site", EntityKind.SITE, c.site());
                    for (int i = 0; i < c.members().size(); i++) {
                        ref(errors, reported, d, stored, prune, e, "members[" + i + "].host", EntityKind.HOST, c.members().get(i).host());
                    }
                } else if (x instanceof Instance i) {
                    ref(errors, reported, d, stored, prune, e, "host", EntityKind.HOST, i.host());
                    ref(errors, reported, d, stored, prune, e, "profile", EntityKind.PROFILE, i.profile());
                }
            }
        }
        return errors;
    }

    private static void ref(List<String> errors, Set<String> reported, InventoryReader.Declared d, Map<EntityKind, Map<String, Versioned<?>>> stored,
                            boolean prune, InventoryReader.Entry from, String field, EntityKind kind, String name) {
        if (name == null || d.get(kind, name) != null || d.unreadable().contains(kind.plural() + "/" + name)) return;
        if (stored.get(kind).containsKey(name) && !prune) return;
        reported.add(kind.plural() + "/" + name);
        if (stored.get(kind).containsKey(name)) {
            errors.add(from.at(field) + ": " + kind.singular() + " '" + name + "' has no file (" + kind.plural() + "/" + name
                    + ".yaml) and would be pruned");
            return;
        }
        errors.add(from.at(field) + ": " + kind.singular() + " '" + name + "' does not exist (no " + kind.plural() + "/" + name + ".yaml)");
    }

    /** MACs, UUIDs and IPv4 reservations are unique across the resulting hosts; the clashing ones go to {@code reported}. */
    private static List<String> identities(InventoryReader.Declared d, Map<EntityKind, Map<String, Object>> desired,
                                           Map<EntityKind, Map<String, Versioned<?>>> stored, boolean prune, Set<String> reported) {
        List<String> errors = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        if (!prune) {
            for (Versioned<?> v : stored.get(EntityKind.HOST).values()) {
                Host h = (Host) v.value();
                if (desired.get(EntityKind.HOST).containsKey(h.name())) continue;
                for (String m : h.macs()) owners.put("MAC " + m, h.name());
                if (h.uuid() != null) owners.put("UUID " + h.uuid(), h.name());
                if (h.ipv4() != null) owners.put("IPv4 " + h.ipv4(), h.name());
            }
        }
        for (InventoryReader.Entry e : d.entries().get(EntityKind.HOST).values()) {
            Host h = (Host) e.entity();
            for (int i = 0; i < h.macs().size(); i++) claim(errors, reported, owners, d, e, "MAC " + h.macs().get(i), "macs[" + i + "]");
            if (h.uuid() != null) claim(errors, reported, owners, d, e, "UUID " + h.uuid(), "uuid");
            if (h.ipv4() != null) claim(errors, reported, owners, d, e, "IPv4 " + h.ipv4(), "ipv4");
        }
        return errors;
    }

    private static void claim(List<String> errors, Set<String> reported, Map<String, String> owners, InventoryReader.Declared d,
                              InventoryReader.Entry e, String key, String field) {
        String other = owners.putIfAbsent(key, e.name());
        if (other == null || other.equals(e.name())) return;
        reported.add(key);
        InventoryReader.Entry o = d.get(EntityKind.HOST, other);
        errors.add(e.at(field) + ": " + key + " is also host '" + other + "'"
                + (o == null ? " (in the store without a file: change or remove it there, or apply with prune)" : " (" + o.path() + ")"));
    }

    /** How the inventory's messages name an entity: {@code host 'edge-01'}, {@code instance of 'edge-01'}. */
    private static final String ENTITY = "(site|role|profile|host|cluster|instance of) '([^']+)'";
    private static final Pattern SUBJECT = Pattern.compile("^" + ENTITY);
    private static final Pattern MENTION = Pattern.compile("\\b" + ENTITY + "|\\b(MAC|UUID|IPv4) (\\S+)");

    private static EntityKind kindOf(String word) {
        return word.equals("instance of") ? EntityKind.INSTANCE : EntityKind.parse(word);
    }

    /** Whether an inventory problem names an entity or identity that a problem already listed is about. */
    private static boolean repeats(String problem, Set<String> reported) {
        Matcher m = MENTION.matcher(problem);
        while (m.find()) {
            if (reported.contains(m.group(1) != null ? kindOf(m.group(1)).plural() + "/" + m.group(2) : m.group(3) + " " + m.group(4))) return true;
        }
        return false;
    }

    /** The inventory's own problems (e.g. cluster rules), each put at the file of the entity it names when there is one. */
    private static List<String> blame(List<String> problems, InventoryReader.Declared d) {
        List<String> out = new ArrayList<>();
        for (String part : problems) {
            Matcher m = SUBJECT.matcher(part);
            InventoryReader.Entry e = null;
            if (m.find()) e = d.get(kindOf(m.group(1)), m.group(2));
            if (e == null) {
                out.add(part);
                continue;
            }
            String field = e.kind() == EntityKind.INSTANCE ? "host" : "name";
            String rest = part.substring(m.end());
            for (String f : e.parsed().lines().keySet().stream().filter(k -> !k.isEmpty() && !k.contains(".") && !k.contains("[")).sorted().toList()) {
                if (Pattern.compile("\\b" + Pattern.quote(f) + "\\b").matcher(rest).find()) {
                    field = f;
                    break;
                }
            }
            out.add(e.at(field) + ": " + part);
        }
        return out;
    }

    /** @param consequence after "N problems in DIR" (", nothing applied"), or "" */
    private static void failIfAny(Path dir, List<String> problems, KilnException.Kind kind, String consequence) {
        if (problems.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in ").append(dir).append(consequence).append(':');
        problems.stream().limit(MAX_PROBLEMS).forEach(p -> sb.append("\n  ").append(p));
        if (problems.size() > MAX_PROBLEMS) sb.append("\n  ... and ").append(problems.size() - MAX_PROBLEMS).append(" more");
        throw new KilnException(kind, sb.toString());
    }

    // ------------------------------------------------------------------ diff

    @Override
    public InventoryDiff diff(Path dir) {
        Plan p = plan(dir, false, true); // what apply without prune would refuse, diff lists instead of a drift
        failIfAny(dir, p.problems(), KilnException.Kind.INVALID, "");
        InventoryReader.Declared d = p.declared();
        Map<EntityKind, Map<String, Versioned<?>>> stored = p.stored();
        Map<EntityKind, Map<String, Object>> desired = p.desired();
        List<DiffEntry> entries = new ArrayList<>();
        int same = 0;
        for (EntityKind kind : EntityKind.values()) {
            TreeSet<String> names = new TreeSet<>(desired.get(kind).keySet());
            names.addAll(stored.get(kind).keySet());
            for (String name : names) {
                Object want = desired.get(kind).get(name);
                Versioned<?> have = stored.get(kind).get(name);
                Instance z = want == null && have != null ? ztpOwner(kind, have.value(), d) : null; // a ZTP host's, without a file
                if (have == null) {
                    entries.add(new DiffEntry(kind, name, DiffEntry.Type.ADDED, "new in " + d.get(kind, name).path()));
                } else if (z != null) {
                    Instance i = (Instance) have.value();
                    if (z.profile().equals(i.profile()) && z.desired() == i.desired()) continue; // its host's file declares it
                    entries.add(new DiffEntry(kind, name, DiffEntry.Type.CHANGED, FieldDiff.describe(i, new Instance(i.host(), z.profile(),
                            z.desired(), i.current())) + " (the ZTP host's OS profile or desired state differs from its instance: apply leaves"
                            + " it; kiln:instance-add --replace --profile " + z.profile() + " " + name + " reinstalls)"));
                } else if (want == null) {
                    entries.add(new DiffEntry(kind, name, DiffEntry.Type.REMOVED, "in the store, no file (deleted by apply with prune)"));
                } else if (!want.equals(have.value())) {
                    entries.add(new DiffEntry(kind, name, DiffEntry.Type.CHANGED, FieldDiff.describe(have.value(), want)));
                } else {
                    same++;
                }
            }
        }
        return new InventoryDiff(entries, same);
    }

    // ------------------------------------------------------------------ export

    @Override
    public void export(Path dir) {
        try {
            Files.createDirectories(dir);
            for (EntityKind kind : EntityKind.values()) {
                Path kd = Files.createDirectories(dir.resolve(kind.plural()));
                Set<String> written = new HashSet<>();
                for (Versioned<?> v : inventory.list(kind.type())) {
                    if (impliedByItsHost(kind, v.value(), null)) continue;
                    String name = kind.nameOf(v.value());
                    writeIfChanged(kd.resolve(name + ".yaml"), yaml.write(v.value()));
                    written.add(name + ".yaml");
                }
                List<Path> stale;
                try (Stream<Path> s = Files.list(kd)) {
                    stale = s.filter(f -> {
                        String n = f.getFileName().toString();
                        return !n.startsWith(".") && InventoryReader.stem(n) != null && !written.contains(n) && Files.isRegularFile(f);
                    }).toList();
                }
                for (Path f : stale) Files.delete(f);
            }
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot export the inventory to " + dir + ": " + e, e);
        }
    }

    private static void writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) return;
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
