package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {

  private static final String OPTIONS =
      "; the options are debug, exclude, detectContextLoss, strict, asyncTraces, asyncTraces.uncaught, asyncTraces.depth";

  private static Properties properties(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void rightOptionsAreReadFromArgumentsAndSystemPropertiesWin() {
    AgentOptions options =
        AgentOptions.parse(
            "debug;exclude=a.B, c.D ;asyncTraces.depth=12;strict=FALSE",
            properties("baton.agent.strict", "True", "java.version", "17"));

    assertThat(options.debug).isTrue();
    assertThat(options.excludedClasses).containsExactly("a.B", "c.D");
    assertThat(options.asyncTracesDepth).isEqualTo(12);
    assertThat(options.strict).isTrue();
    assertThat(options.asyncTraces).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "detectContextLos=true|unknown option \"detectContextLos\" (did you mean detectContextLoss?)" + OPTIONS_TAIL,
        "bogus=1|unknown option \"bogus\"" + OPTIONS_TAIL,
        "Strict|unknown option \"Strict\" (did you mean strict?)" + OPTIONS_TAIL,
        "=true|unknown option \"\"" + OPTIONS_TAIL,
        "asyncTraces.depth=-3|option asyncTraces.depth=-3 is not accepted: it takes a whole number from 1 to 1000",
        "asyncTraces.depth=abc|option asyncTraces.depth=abc is not accepted: it takes a whole number from 1 to 1000",
        "asyncTraces.depth=99999999999|option asyncTraces.depth=99999999999 is not accepted: it takes a whole number from 1 to 1000",
        "strict=yes|option strict=yes is not accepted: it takes true or false",
        "debug=|option debug= is not accepted: it takes true or false",
      })
  void aWrongArgumentIsOneLineNamingItsValueAndWhatIsAccepted(String arguments, String line) {
    AgentOptions.Invalid wrong =
        catchThrowableOfType(() -> AgentOptions.parse(arguments, new Properties()), AgentOptions.Invalid.class);

    assertThat(wrong.problems()).containsExactly(line.replace(OPTIONS_TAIL, OPTIONS));
  }

  /** Stands for the list of options in the table above, which a CSV cell cannot hold. */
  private static final String OPTIONS_TAIL = "...";

  @Test
  void wrongSystemPropertiesAreNamedAsTheyWereGiven() {
    AgentOptions.Invalid wrong =
        catchThrowableOfType(
            () ->
                AgentOptions.parse(
                    "asyncTraces=true",
                    properties("baton.agent.detectContextLos", "true", "baton.agent.asyncTraces", "on")),
            AgentOptions.Invalid.class);

    assertThat(wrong.problems())
        .containsExactlyInAnyOrder(
            "unknown option \"-Dbaton.agent.detectContextLos\" (did you mean detectContextLoss?)" + OPTIONS,
            "option -Dbaton.agent.asyncTraces=on is not accepted: it takes true or false");
  }
}
