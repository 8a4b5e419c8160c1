package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MountSpecsTest {
    @Test
    void mountsDefaultToVolumes() {
        assertThat(MountSpecs.parse("source=data,target=/data").toString())
                .isEqualTo("{\"Type\":\"volume\",\"Source\":\"data\",\"Target\":\"/data\"}");
        assertThat(MountSpecs.parse("type=bind,src=/a,dst=/b,readonly=true,bind-propagation=rslave").toString())
                .isEqualTo("{\"Type\":\"bind\",\"Source\":\"/a\",\"Target\":\"/b\",\"ReadOnly\":true,"
                        + "\"BindOptions\":{\"Propagation\":\"rslave\"}}");
        assertThat(MountSpecs.parse("type=tmpfs,dst=/t,tmpfs-mode=1770").toString())
                .isEqualTo("{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Mode\":1016}}");
    }

    @Test
    void optionsMustFitTheType() {
        assertThatThrownBy(() -> MountSpecs.parse("type=bind")).hasMessage("target is required");
        assertThatThrownBy(() -> MountSpecs.parse("type=bind,dst=/x,volume-nocopy"))
                .hasMessage("cannot mix 'volume-*' options with mount type 'bind'");
        assertThatThrownBy(() -> MountSpecs.parse("dst=/x,bogus=1")).hasMessage("unexpected key 'bogus' in 'bogus=1'");
        assertThatThrownBy(() -> MountSpecs.parse("dst=/x,oops")).hasMessage("invalid field 'oops' must be a key=value pair");
    }
}
