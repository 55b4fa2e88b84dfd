using System.Reflection;

namespace MLNet.Rnn.Data;

/// <summary>
/// The columns of a row class <typeparamref name="T"/>: every public instance property with a public getter and
/// setter (init included) and every public, non-read-only instance field, unless marked
/// <c>[TableColumn(Ignore = true)]</c>.
/// </summary>
/// <remarks>
/// Get-only properties are skipped rather than rejected, so a row class can carry computed helpers; they could not
/// be filled when reading rows back. The mapping is built once per type and cached.
/// </remarks>
/// <typeparam name="T">The row class.</typeparam>
public sealed class TableMapping<T>
{
    // Lazy also caches a failure, so an unsupported member type reports the same ArgumentException on every use.
    private static readonly Lazy<TableMapping<T>> s_instance = new(() => new TableMapping<T>());

    private TableMapping()
    {
        var members = new List<TableMember>();
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance;
        foreach (var property in typeof(T).GetProperties(Public))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetMethod?.IsPublic == true && property.SetMethod?.IsPublic == true)
                AddUnlessIgnored(members, property, property.PropertyType);
        }
        foreach (var field in typeof(T).GetFields(Public))
        {
            if (!field.IsInitOnly)
                AddUnlessIgnored(members, field, field.FieldType);
        }

        var duplicate = members.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{typeof(T).Name} maps members {string.Join(" and ", duplicate.Select(m => m.MemberName))} to the same column '{duplicate.Key}'.");
        Members = members;
    }

    /// <summary>The mapping of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">A member's type is not supported, or two members share a column name.</exception>
    public static TableMapping<T> Instance => s_instance.Value;

    /// <summary>The mapped members, properties first, each in declaration order.</summary>
    public IReadOnlyList<TableMember> Members { get; }

    private static void AddUnlessIgnored(List<TableMember> members, MemberInfo member, Type type)
    {
        var attribute = member.GetCustomAttribute<TableColumnAttribute>();
        if (attribute is not { Ignore: true })
            members.Add(new TableMember(member, type, attribute));
    }
}
