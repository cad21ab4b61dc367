using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Weft.Core.Storage;

namespace Weft.Server.Webhooks;

/// <summary>
/// Keeps the Data Protection key ring in the store, so every node over one database can read the secrets any node
/// protected, and a restarted node still can. Data Protection calls it rarely (start, key rotation), synchronously.
/// </summary>
internal sealed class StoreXmlRepository(IWebhookStore store, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.LoadProtectionKeysAsync(CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.SaveProtectionKeyAsync(friendlyName + "-" + Guid.NewGuid().ToString("N"), element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow(), CancellationToken.None)
            .GetAwaiter().GetResult();
}
