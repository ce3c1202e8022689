package io.github.keycloakpin2fa.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;
import org.mockito.ArgumentCaptor;

class SealedPinStoreTest {

    private final SingleUseObjectProvider objects = mock(SingleUseObjectProvider.class);
    private final SealedPinStore store = new SealedPinStore(objects);

    @Test
    @SuppressWarnings("unchecked")
    void anEntryLivesAsLongAsThePinRoundedUpToWholeSeconds() {
        store.put("realm-1", "PIN1", new SealedPinStore.Entry("kid-1", "sealed", "NC_DESTINATION_REACHABLE", "InfoSMS"),
                Duration.ofMillis(900_001));

        ArgumentCaptor<Map<String, String>> notes = ArgumentCaptor.forClass(Map.class);
        verify(objects).put(eq("pin2fa.sealed-pin:realm-1:PIN1"), eq(901L), notes.capture());
        assertThat(notes.getValue()).containsOnly(Map.entry("kid", "kid-1"), Map.entry("sealed", "sealed"),
                Map.entry("ncStatus", "NC_DESTINATION_REACHABLE"), Map.entry("from", "InfoSMS"));
    }

    @Test
    void aPinAboutToExpireStillGetsOneSecondAndAbsentFieldsAreLeftOut() {
        store.put("r", "P", new SealedPinStore.Entry("k", "s", null, null), Duration.ofMillis(3));

        verify(objects).put(eq("pin2fa.sealed-pin:r:P"), eq(1L), eq(Map.of("kid", "k", "sealed", "s")));
    }

    @Test
    void readsBackWhatWasPutAndNothingForAnIncompleteEntry() {
        when(objects.get("pin2fa.sealed-pin:r:P")).thenReturn(Map.of("kid", "k", "sealed", "s", "ncStatus", "NC_NOT_CONFIGURED"));
        when(objects.get("pin2fa.sealed-pin:r:Q")).thenReturn(Map.of("kid", "k"));

        assertThat(store.get("r", "P")).contains(new SealedPinStore.Entry("k", "s", "NC_NOT_CONFIGURED", null));
        assertThat(store.get("r", "Q")).isEmpty();
        assertThat(store.get("r", "R")).isEmpty();
    }

    @Test
    void removeDestroysTheEntryOfThatRealmsPin() {
        store.remove("r", "P");

        verify(objects).remove("pin2fa.sealed-pin:r:P");
    }

    @Test
    void toStringNeverShowsTheSealedPin() {
        assertThat(new SealedPinStore.Entry("k", "SEALED-VALUE", null, null).toString()).doesNotContain("SEALED-VALUE");
    }
}
