package io.shoal.cli.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.format.Csv;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.format.Units;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --mount type=bind,source=/a,target=/b[,readonly]...} as docker's {@code MountOpt}
 * reads it: volume mounts by default, options checked against the mount type.
 */
public final class MountSpecs {
    private MountSpecs() {}

    public static ObjectNode parse(String value) {
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        String consistency = null;
        ObjectNode bind = null;
        ObjectNode volume = null;
        ObjectNode tmpfs = null;
        for (String field : Csv.fields(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String val = eq < 0 ? null : field.substring(eq + 1);
            if (val == null) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "volume-nocopy" -> {
                        volume = volume == null ? volumeOptions() : volume;
                        volume.put("NoCopy", true);
                    }
                    case "bind-nonrecursive" -> {
                        bind = bind == null ? JsonTrees.object() : bind;
                        bind.put("NonRecursive", true);
                    }
                    default -> throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> type = val.toLowerCase(Locale.ROOT);
                case "source", "src" -> source = !val.startsWith("/") && val.startsWith(".")
                        ? Path.of(val).toAbsolutePath().normalize().toString() : val;
                case "target", "dst", "destination" -> target = val;
                case "readonly", "ro" -> readOnly = parseBool(key, val);
                case "consistency" -> consistency = val.toLowerCase(Locale.ROOT);
                case "bind-propagation" -> {
                    bind = bind == null ? JsonTrees.object() : bind;
                    bind.put("Propagation", val.toLowerCase(Locale.ROOT));
                }
                case "bind-nonrecursive" -> {
                    bind = bind == null ? JsonTrees.object() : bind;
                    bind.put("NonRecursive", parseBool(key, val));
                }
                case "volume-nocopy" -> {
                    volume = volume == null ? volumeOptions() : volume;
                    volume.put("NoCopy", parseBool("volume-nocopy", val));
                }
                case "volume-label" -> {
                    volume = volume == null ? volumeOptions() : volume;
                    int e = val.indexOf('=');
                    String k = e < 0 ? val : val.substring(0, e);
                    if (!k.isEmpty()) {
                        JsonTrees.child(volume, "Labels").put(k, e < 0 ? "" : val.substring(e + 1));
                    }
                }
                case "volume-driver" -> {
                    volume = volume == null ? volumeOptions() : volume;
                    JsonTrees.child(volume, "DriverConfig").put("Name", val);
                }
                case "volume-opt" -> {
                    volume = volume == null ? volumeOptions() : volume;
                    int e = val.indexOf('=');
                    String k = e < 0 ? val : val.substring(0, e);
                    if (!k.isEmpty()) {
                        JsonTrees.child(JsonTrees.child(volume, "DriverConfig"), "Options")
                                .put(k, e < 0 ? "" : val.substring(e + 1));
                    }
                }
                case "volume-subpath" -> {
                    volume = volume == null ? volumeOptions() : volume;
                    volume.put("Subpath", val);
                }
                case "tmpfs-size" -> {
                    tmpfs = tmpfs == null ? JsonTrees.object() : tmpfs;
                    try {
                        tmpfs.put("SizeBytes", Units.ramInBytes(val));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                case "tmpfs-mode" -> {
                    tmpfs = tmpfs == null ? JsonTrees.object() : tmpfs;
                    try {
                        tmpfs.put("Mode", Long.parseLong(val, 8));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException("type is required");
        }
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("target is required");
        }
        if (volume != null && !type.equals("volume")) {
            throw new IllegalArgumentException("cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (bind != null && !type.equals("bind")) {
            throw new IllegalArgumentException("cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (tmpfs != null && !type.equals("tmpfs")) {
            throw new IllegalArgumentException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        ObjectNode m = JsonTrees.object();
        m.put("Type", type);
        if (source != null && !source.isEmpty()) {
            m.put("Source", source);
        }
        m.put("Target", target);
        if (readOnly) {
            m.put("ReadOnly", true);
        }
        if (consistency != null && !consistency.isEmpty()) {
            m.put("Consistency", consistency);
        }
        if (bind != null) {
            m.set("BindOptions", bind);
        }
        if (volume != null) {
            m.set("VolumeOptions", volume);
        }
        if (tmpfs != null) {
            m.set("TmpfsOptions", tmpfs);
        }
        return m;
    }

    private static ObjectNode volumeOptions() {
        ObjectNode v = JsonTrees.object();
        v.putObject("Labels");
        v.putObject("DriverConfig");
        return v;
    }

    private static boolean parseBool(String key, String val) {
        return switch (val) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("invalid value for " + key + ": " + val);
        };
    }
}
