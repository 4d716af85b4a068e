import { describe, expect, it } from 'vitest';
import { eventPointsAdjustment, gradeFor, loadCompetencyModel } from './model.js';
import {
  COMPETENCY_MODEL_PRESETS,
  competencyModelPreset,
  RELATION_WEIGHT_PRESETS,
  relationWeightsPreset,
} from './presets.js';
import { loadRelationWeights } from './relations.js';

const itemCount = (id: string) =>
  competencyModelPreset(id).dimensions.reduce((sum, dimension) => sum + dimension.items.length, 0);

describe('competency model presets', () => {
  it('hold the seed schemes: 9 × 3 = 27 criteria, the 18-criteria revision, the annual review weights', () => {
    expect(COMPETENCY_MODEL_PRESETS.every((id) => competencyModelPreset(id).id === id)).toBe(true);
    const dcfin = competencyModelPreset('dcfin-27');
    expect(dcfin.dimensions.map((dimension) => dimension.name['zh-CN'])).toEqual([
      '领导力',
      '人才培养',
      '关系',
      '客户意识',
      '交付',
      '创造力',
      '开放性',
      '团队贡献',
      '岗位技能',
    ]);
    expect(itemCount('dcfin-27')).toBe(27);
    expect(itemCount('dcfin-18')).toBe(18);
    expect(competencyModelPreset('annual-review').dimensions.map((dimension) => dimension.weight)).toEqual([
      20, 30, 50,
    ]);
    expect(competencyModelPreset('front-line').dimensions.map((dimension) => dimension.weight)).toEqual([
      10, 10, 10, 70,
    ]);
    const manager = competencyModelPreset('mid-level-manager');
    expect(
      manager.dimensions.every((dimension) => dimension.items.every((item) => item.high && item.low)),
    ).toBe(true);
    expect(manager.scale).toMatchObject({ min: 1, max: 5 });
  });

  it('hold the relation weights 70/20/10, 60/30/10 and 70/10/10/10', () => {
    const weights = (id: string) => relationWeightsPreset(id).groups.map((group) => group.weight);
    expect(RELATION_WEIGHT_PRESETS.every((id) => relationWeightsPreset(id).id === id)).toBe(true);
    expect(weights('dcfin-cycle-1')).toEqual([0.7, 0.2, 0.1]);
    expect(weights('dcfin-cycle-2')).toEqual([0.6, 0.3, 0.1]);
    expect(weights('annual-review')).toEqual([0.7, 0.1, 0.1, 0.1]);
    expect(relationWeightsPreset('annual-review').groups.map((group) => group.minRaters)).toEqual([
      1, 3, 3, 1,
    ]);
    expect(() => relationWeightsPreset('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('loadCompetencyModel', () => {
  const yaml = `
id: liuqiao
name: { zh-CN: 柳桥工作表现, en: Liuqiao work attitude }
dimensions:
  - id: responsibility
    name: { zh-CN: 责任意识, en: Responsibility }
    weight: 1
    items:
      - id: resp-1
        text: { zh-CN: 对结果负责, en: Owns results }
        high: { zh-CN: 主动承担, en: Steps up }
        low: { zh-CN: 推卸责任, en: Passes the buck }
  - id: teamwork
    name: { zh-CN: 团队意识, en: Teamwork }
    weight: 1
    items:
      - id: team-1
        text: { zh-CN: 乐于协作, en: Cooperates willingly }
gradeBands:
  - { id: good, label: { zh-CN: 好, en: Good }, min: 4 }
  - { id: ok, label: { zh-CN: 中, en: OK }, min: 3 }
`;

  it('reads YAML and JSON and fills the default 1–5 scale', () => {
    const model = loadCompetencyModel(yaml);
    expect(model.scale).toEqual({ min: 1, max: 5, labels: [] });
    expect(model.dimensions[0]?.items[0]?.low?.en).toBe('Passes the buck');
    expect(loadCompetencyModel(JSON.stringify(model))).toEqual(model);
    expect(gradeFor(4.2, model.gradeBands)?.id).toBe('good');
    expect(gradeFor(3, model.gradeBands)?.id).toBe('ok');
    expect(gradeFor(2.99, model.gradeBands)).toBeNull();
  });

  it('names the bad field of a bad model', () => {
    const bad = loadCompetencyModel(yaml);
    const broken = {
      ...bad,
      dimensions: [
        { ...bad.dimensions[0]!, weight: -1 },
        { ...bad.dimensions[1]!, items: [{ ...bad.dimensions[0]!.items[0]! }] },
      ],
      eventPoints: {
        dimensionId: 'ghost',
        events: [{ id: 'praise', label: { 'zh-CN': '表扬', en: 'Praise' }, points: 1 }],
      },
    };
    try {
      loadCompetencyModel(broken);
      expect.unreachable();
    } catch (error) {
      const paths = (error as { issues: { path: string }[] }).issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'dimensions[0].weight',
          'dimensions[1].items[0].id',
          'eventPoints.dimensionId',
        ]),
      );
      expect((error as { code: string }).code).toBe('INVALID_CONFIG');
    }
    expect(() => loadCompetencyModel('id: [unclosed')).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('normalises event points by the number of surveys', () => {
    const config = competencyModelPreset('front-line').eventPoints!;
    expect(eventPointsAdjustment(config, { counts: { praise: 3, complaint: 1 }, surveys: 10 })).toBeCloseTo(
      0.2,
    );
    expect(
      eventPointsAdjustment(config, { counts: { praise: 30, complaint: 10 }, surveys: 100 }),
    ).toBeCloseTo(0.2);
    expect(eventPointsAdjustment(config, { counts: { praise: 3 }, surveys: 0 })).toBe(0);
  });
});

describe('loadRelationWeights', () => {
  it('rejects a relation in two groups and an anonymous group with a minimum below 2', () => {
    const scheme = relationWeightsPreset('annual-review');
    expect(() =>
      loadRelationWeights({
        ...scheme,
        groups: [
          ...scheme.groups.slice(0, 2),
          { ...scheme.groups[2]!, relations: ['peer', 'subordinate'], minRaters: 1 },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', path: 'groups[2].relations' }));
    try {
      loadRelationWeights({ ...scheme, groups: [{ ...scheme.groups[1]!, minRaters: 1 }] });
      expect.unreachable();
    } catch (error) {
      expect((error as { path: string }).path).toBe('groups[0].minRaters');
    }
  });
});
