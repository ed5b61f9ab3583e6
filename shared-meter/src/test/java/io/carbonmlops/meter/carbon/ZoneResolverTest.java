package io.carbonmlops.meter.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZoneResolverTest {
    private final ZoneResolver resolver = ZoneResolver.shipped();

    @Test
    void acceptsZoneKeysExactlyAsTheApiKeysThemAndCaseInsensitively() {
        assertThat(resolver.resolve("US-CAL-CISO").zone()).isEqualTo("US-CAL-CISO");
        assertThat(resolver.resolve("se-se3").zone()).isEqualTo("SE-SE3");
        assertThat(resolver.resolve("DE").via()).isEmpty();
    }

    @Test
    void acceptsIsoAlpha2AndAlpha3CountryCodes() {
        assertThat(resolver.resolve("de").zone()).isEqualTo("DE");
        ResolvedZone germany = resolver.resolve("DEU");
        assertThat(germany.zone()).isEqualTo("DE");
        assertThat(germany.via()).isEqualTo("ISO alpha-3 DEU");
        assertThat(resolver.resolve("chl").zone()).as("Ember-only country").isEqualTo("CL");
    }

    @Test
    void mapsCloudRegionsToTheirGridZone() {
        ResolvedZone dublin = resolver.resolve("aws:eu-west-1");
        assertThat(dublin.zone()).isEqualTo("IE");
        assertThat(dublin.via()).isEqualTo("cloud region aws:eu-west-1 (Ireland)");
        assertThat(resolver.resolve("gcp:europe-west4").zone()).isEqualTo("NL");
    }

    @Test
    void unknownZoneNamesCloseMatches() {
        assertThatThrownBy(() -> resolver.resolve("US-CAL-CISOO"))
                .isInstanceOf(UnknownZoneException.class)
                .hasMessageContaining("unknown zone 'US-CAL-CISOO'")
                .hasMessageContaining("US-CAL-CISO");
        assertThatThrownBy(() -> resolver.resolve("aws:eu-west-9"))
                .isInstanceOf(UnknownZoneException.class)
                .hasMessageContaining("aws:eu-west-1");
        assertThat(resolver.closeMatches("SE-SE")).contains("SE-SE1", "SE-SE2", "SE-SE3", "SE-SE4");
        assertThatThrownBy(() -> resolver.resolve("Germny")).hasMessageContaining("DE (Germany)");
        assertThat(resolver.closeMatches("sweden")).contains("SE (Sweden)");
    }

    @Test
    void worldIsNotAZoneUsersCanPick() {
        assertThatThrownBy(() -> resolver.resolve("WORLD")).isInstanceOf(UnknownZoneException.class);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(ZoneResolver.editDistance("SE-SE3", "SE-SE3")).isZero();
        assertThat(ZoneResolver.editDistance("SE-SE", "SE-SE3")).isEqualTo(1);
        assertThat(ZoneResolver.editDistance("DX", "DE")).isEqualTo(1);
        assertThat(ZoneResolver.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
