namespace Weft.Storage.Tests; public class Smoke { [Xunit.Fact] public void Ok() { } }
