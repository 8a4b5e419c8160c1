package io.shoal.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Cluster;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.time.FakeClock;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
    private final FakeClock clock = new FakeClock();
    private final RootCa ca = RootCa.generate(clock);

    @Test
    void aTokenCarriesTheRootDigestInBase36AndARandomSecret() {
        String token = JoinTokens.create(ca);
        assertThat(token).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        String digest36 = token.split("-")[2];
        assertThat(new BigInteger(digest36, 36)).isEqualTo(new BigInteger(ca.digest(), 16));

        JoinTokens.ParsedToken parsed = JoinTokens.parse(token);
        assertThat(parsed.version()).isEqualTo(1);
        assertThat(parsed.fips()).isFalse();
        assertThat(parsed.rootCaDigest()).isEqualTo(ca.digest());
        assertThat(parsed.secret()).isEqualTo(token.split("-")[3]);
        assertThat(JoinTokens.create(ca)).isNotEqualTo(token);
    }

    @Test
    void theDigestTellsTheRightCaFromAnother() {
        String token = JoinTokens.create(ca);
        assertThat(JoinTokens.verifyCaDigest(token, ca.certPem())).isTrue();
        assertThat(JoinTokens.verifyCaDigest(token, RootCa.generate(clock).certPem())).isFalse();
    }

    @Test
    void aFipsTokenParses() {
        String v1 = JoinTokens.create(ca);
        JoinTokens.ParsedToken p = JoinTokens.parse(v1.replace("SWMTKN-1-", "SWMTKN-2-1-"));
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.fips()).isTrue();
        assertThat(p.rootCaDigest()).isEqualTo(ca.digest());
    }

    static java.util.stream.Stream<String> malformedTokens() {
        String d = "a".repeat(50);
        String k = "b".repeat(25);
        return java.util.stream.Stream.of("", "garbage", "SWMTKN-1-abc-def", "SWMTKN-3-" + d + "-" + k,
                "SWMTKN-1-" + "a".repeat(49) + "-" + k, "SWMTKN-1-" + d + "-" + "b".repeat(24),
                "SWMTKN-1-" + "A".repeat(50) + "-" + k, "XWMTKN-1-" + d + "-" + k, "SWMTKN-1-x-" + d + "-" + k,
                "SWMTKN-2-7-" + d + "-" + k, "SWMTKN-1-" + "z".repeat(50) + "-" + k); // z*50 exceeds 256 bits
    }

    @ParameterizedTest
    @MethodSource("malformedTokens")
    void aMalformedTokenIsRefusedWithDockersMessage(String token) {
        assertThatThrownBy(() -> JoinTokens.parse(token))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid join token");
    }

    @Test
    void aTokenGrantsTheRoleOfTheClusterTokenItEquals() {
        Cluster.JoinTokens tokens = JoinTokens.createPair(ca);
        assertThat(JoinTokens.roleFor(tokens, tokens.manager())).contains(NodeRole.MANAGER);
        assertThat(JoinTokens.roleFor(tokens, tokens.worker() + "\n")).contains(NodeRole.WORKER);
        assertThat(JoinTokens.roleFor(tokens, JoinTokens.create(ca))).isEqualTo(Optional.empty());
        assertThat(JoinTokens.roleFor(tokens, null)).isEmpty();
    }

    @Test
    void rotationReplacesOnlyTheRequestedSecrets() {
        Cluster.JoinTokens tokens = JoinTokens.createPair(ca);
        Cluster.JoinTokens rotated = JoinTokens.rotate(tokens, ca.certPem(), false, true);
        assertThat(rotated.worker()).isEqualTo(tokens.worker());
        assertThat(rotated.manager()).isNotEqualTo(tokens.manager());
        assertThat(JoinTokens.parse(rotated.manager()).rootCaDigest()).isEqualTo(ca.digest());
    }
}
