package io.shoal.cli.service;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag converters that check a value when the command line is parsed, so a bad value is a usage
 * error ({@code invalid argument "x" for "--mount" flag: ...}) as with pflag; the value itself
 * is kept as text and interpreted when the spec is built.
 */
public final class ValueChecks {
    private ValueChecks() {}

    private abstract static class Check implements ITypeConverter<String> {
        private final Function<String, ?> check;

        Check(Function<String, ?> check) {
            this.check = check;
        }

        @Override
        public String convert(String value) {
            try {
                check.apply(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class Publish extends Check {
        public Publish() {
            super(PortSpecs::parse);
        }
    }

    public static final class Mount extends Check {
        public Mount() {
            super(MountSpecs::parse);
        }
    }

    public static final class Secret extends Check {
        public Secret() {
            super(v -> FileReferences.parse(FileReferences.Kind.SECRET, v));
        }
    }

    public static final class Config extends Check {
        public Config() {
            super(v -> FileReferences.parse(FileReferences.Kind.CONFIG, v));
        }
    }

    public static final class Network extends Check {
        public Network() {
            super(OptionValues::network);
        }
    }

    public static final class PlacementPref extends Check {
        public PlacementPref() {
            super(OptionValues::placementPreference);
        }
    }

    public static final class Ulimit extends Check {
        public Ulimit() {
            super(OptionValues::ulimit);
        }
    }

    public static final class Label extends Check {
        public Label() {
            super(OptionValues::label);
        }
    }

    public static final class Env extends Check {
        public Env() {
            super(v -> OptionValues.env(v, k -> null));
        }
    }

    public static final class Host extends Check {
        public Host() {
            super(OptionValues::extraHost);
        }
    }

    public static final class IpAddress extends Check {
        public IpAddress() {
            super(OptionValues::ipAddress);
        }
    }

    public static final class ShellWords extends Check {
        public ShellWords() {
            super(io.shoal.cli.format.Shlex::split);
        }
    }
}
