using System.Reflection;
using System.Reflection.Emit;

namespace TelemetryFlow.MediatorInterop.Tests.Support;

/// <summary>
/// Every type a set of types mentions: in base types, interfaces, generic arguments, fields, properties, events,
/// method and constructor signatures, locals, and every type/member token in their IL. Used to prove the app's
/// generated mediator has no compiled reference to any SDK type.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types themselves plus all their nested types (async state machines, closures, helper structs).</summary>
    public static IReadOnlyList<Type> WithNested(IEnumerable<Type> roots)
    {
        var result = new List<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            result.Add(type);
            foreach (var nested in type.GetNestedTypes(Everything))
            {
                pending.Push(nested);
            }
        }

        return result;
    }

    /// <summary>All types referenced by <paramref name="types"/>, with generic arguments, array elements and by-refs unwrapped.</summary>
    public static IReadOnlySet<Type> Of(IEnumerable<Type> types)
    {
        var found = new HashSet<Type>();
        foreach (var type in types)
        {
            Add(found, type);
            Add(found, type.BaseType);
            foreach (var i in type.GetInterfaces())
            {
                Add(found, i);
            }

            foreach (var field in type.GetFields(Everything))
            {
                Add(found, field.FieldType);
            }

            foreach (var property in type.GetProperties(Everything))
            {
                Add(found, property.PropertyType);
            }

            foreach (var e in type.GetEvents(Everything))
            {
                Add(found, e.EventHandlerType);
            }

            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                AddMethod(found, method, type.Module);
            }
        }

        return found;
    }

    private static void AddMethod(HashSet<Type> found, MethodBase method, Module module)
    {
        if (method is MethodInfo info)
        {
            Add(found, info.ReturnType);
        }

        foreach (var parameter in method.GetParameters())
        {
            Add(found, parameter.ParameterType);
        }

        if (method.IsGenericMethodDefinition)
        {
            foreach (var argument in method.GetGenericArguments())
            {
                foreach (var constraint in argument.GetGenericParameterConstraints())
                {
                    Add(found, constraint);
                }
            }
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(found, local.LocalType);
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(body.GetILAsByteArray() ?? []))
        {
            switch (module.ResolveMember(token, typeArguments, methodArguments))
            {
                case Type t:
                    Add(found, t);
                    break;
                case FieldInfo f:
                    Add(found, f.DeclaringType);
                    Add(found, f.FieldType);
                    break;
                case MethodBase m:
                    Add(found, m.DeclaringType);
                    if (m is MethodInfo mi)
                    {
                        Add(found, mi.ReturnType);
                        if (mi.IsGenericMethod)
                        {
                            foreach (var argument in mi.GetGenericArguments())
                            {
                                Add(found, argument);
                            }
                        }
                    }

                    foreach (var p in m.GetParameters())
                    {
                        Add(found, p.ParameterType);
                    }

                    break;
            }
        }
    }

    /// <summary>The metadata tokens of IL instructions that take a type, field or method operand.</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, position);
                    position += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, position);
                    position += 4 + (4 * count);
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    position += 4;
                    break;
            }
        }
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        while (type is not null && (type.HasElementType))
        {
            type = type.GetElementType();
        }

        if (type is null || type.IsGenericParameter || !found.Add(type))
        {
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            Add(found, type.GetGenericTypeDefinition());
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }
        }
    }
}
