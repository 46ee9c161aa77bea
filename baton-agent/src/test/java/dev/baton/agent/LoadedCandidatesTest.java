package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.loaded.Classes;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class LoadedCandidatesTest {

  @Test
  void classesWithASupertypeAnInstrumentationCaresAboutAreOffered() {
    assertThat(LoadedCandidates.isCandidate(ThreadPoolExecutor.class)).isTrue();
    assertThat(LoadedCandidates.isCandidate(ScheduledThreadPoolExecutor.class)).isTrue();
    assertThat(LoadedCandidates.isCandidate(FutureTask.class)).isTrue();
    assertThat(LoadedCandidates.isCandidate(Classes.Task.class)).isTrue();
    assertThat(LoadedCandidates.isCandidate(Classes.SubTask.class)).isTrue();
    assertThat(LoadedCandidates.isCandidate(Classes.Work.class)).isTrue();
  }

  @Test
  void theJdkOutsideItsConcurrencyClassesTheAgentAndClassesWithoutSuchSupertypesAreNot() {
    assertThat(LoadedCandidates.isCandidate(String.class)).isFalse();
    assertThat(LoadedCandidates.isCandidate(java.util.ArrayList.class)).isFalse();
    assertThat(LoadedCandidates.isCandidate(Installer.class)).isFalse();
    assertThat(LoadedCandidates.isCandidate(RelevantClasses.class)).isFalse();
    assertThat(LoadedCandidates.isCandidate(Classes.Plain.class)).isFalse();
  }
}
