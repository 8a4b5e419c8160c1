package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.Csv;
import io.shoal.cli.format.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code --external-ca protocol=cfssl,url=https://...[,cacert=file][,key=value]}. */
final class ExternalCa {
    private ExternalCa() {}

    static ObjectNode parse(String spec) {
        ObjectNode ca = JsonTrees.object();
        ObjectNode options = JsonTrees.object();
        boolean hasProtocol = false;
        boolean hasUrl = false;
        String caCert = null;
        String url = "";
        String protocol = "";
        java.util.List<String> fields;
        try {
            fields = Csv.fields(spec);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new CliException("invalid field '" + field + "' must be a key=value pair");
            }
            String key = field.substring(0, eq);
            String value = field.substring(eq + 1);
            switch (key.toLowerCase(Locale.ROOT)) {
                case "protocol" -> {
                    hasProtocol = true;
                    if (!value.equalsIgnoreCase("cfssl")) {
                        throw new CliException("unrecognized external CA protocol " + value);
                    }
                    protocol = "cfssl";
                }
                case "url" -> {
                    hasUrl = true;
                    url = value;
                }
                case "cacert" -> {
                    try {
                        caCert = Files.readString(Path.of(value));
                    } catch (IOException e) {
                        throw new CliException("unable to read CA cert for external CA: " + e.getMessage());
                    }
                    if (!caCert.contains("-----BEGIN")) {
                        throw new CliException("CA cert for external CA must be in PEM format");
                    }
                }
                default -> options.put(key, value);
            }
        }
        if (!hasProtocol) {
            throw new CliException("the external-ca option needs a protocol= parameter");
        }
        if (!hasUrl) {
            throw new CliException("the external-ca option needs a url= parameter");
        }
        ca.put("Protocol", protocol);
        ca.put("URL", url);
        if (!options.isEmpty()) {
            ca.set("Options", options);
        }
        ca.put("CACert", caCert == null ? "" : caCert);
        return ca;
    }
}
