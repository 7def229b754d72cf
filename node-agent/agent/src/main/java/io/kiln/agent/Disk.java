package io.kiln.agent;

/**
 * A whole disk as sysfs describes it (what root-device hints match against).
 *
 * @param name       kernel name, e.g. {@code vda}, {@code nvme0n1}
 * @param byPath     {@code /dev/disk/by-path/...} link naming it, or null
 * @param rotational null when unknown
 */
record Disk(String name, long sizeBytes, String model, String vendor, String serial, String wwn, Boolean rotational,
            String byPath) {
    private static final long GIB = 1L << 30;

    /** How refusals name it: {@code vda (8 GiB, serial A)}. */
    String describe() {
        String size = sizeBytes % GIB == 0 ? sizeBytes / GIB + " GiB" : Sizes.human(sizeBytes);
        return name + " (" + size + (serial == null ? "" : ", serial " + serial) + ")";
    }
}
